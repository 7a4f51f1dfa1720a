import type { ExpressionNode } from './expression-node.js';
import type { FunctionCallNode } from './function-call-node.js';
import type { IntervalNode } from './interval-node.js';

/** How far back a trailing window reaches: a time range, a number of rows, or the key's whole history. */
export type OverFrame = { readonly unit: 'RANGE'; readonly preceding: IntervalNode } | { readonly unit: 'ROWS'; readonly preceding: number | 'UNBOUNDED' };

/**
 * An aggregate over a trailing window of each row:
 * `AVG(x) OVER (PARTITION BY k ORDER BY t RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)`.
 */
export interface OverNode {
  readonly kind: 'OverNode';
  readonly call: FunctionCallNode;
  readonly partitionBy: readonly ExpressionNode[];
  /** Trailing windows order by a time attribute, ascending; rankings may order by anything. */
  readonly orderBy: ExpressionNode;
  readonly descending: boolean;
  /** Absent for ranking functions (ROW_NUMBER), which take no frame. */
  readonly frame?: OverFrame;
}

export function overNode(
  call: FunctionCallNode,
  partitionBy: readonly ExpressionNode[],
  orderBy: ExpressionNode,
  options: { readonly frame?: OverFrame; readonly descending?: boolean } = {},
): OverNode {
  return Object.freeze({
    kind: 'OverNode',
    call,
    partitionBy: Object.freeze([...partitionBy]),
    orderBy,
    descending: options.descending ?? false,
    ...(options.frame === undefined ? {} : { frame: options.frame }),
  });
}
