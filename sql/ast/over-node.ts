import type { ExpressionNode } from './expression-node.js';
import type { FunctionCallNode } from './function-call-node.js';
import type { IntervalNode } from './interval-node.js';

/** How far back a trailing window reaches: a time range, a number of rows, or the key's whole history. */
export type OverFrame = { readonly unit: 'RANGE'; readonly preceding: IntervalNode } | { readonly unit: 'ROWS'; readonly preceding: number | 'UNBOUNDED' };

/** One term of an ORDER BY: `x` or `x DESC`. */
export interface SortKey {
  readonly expression: ExpressionNode;
  readonly descending: boolean;
}

export function sortKey(expression: ExpressionNode, descending = false): SortKey {
  return Object.freeze({ expression, descending });
}

/**
 * An aggregate over a trailing window of each row:
 * `AVG(x) OVER (PARTITION BY k ORDER BY t RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)`,
 * or a ranking: `ROW_NUMBER() OVER (PARTITION BY k ORDER BY x DESC, y)`.
 */
export interface OverNode {
  readonly kind: 'OverNode';
  readonly call: FunctionCallNode;
  readonly partitionBy: readonly ExpressionNode[];
  /** Trailing windows order by one time attribute, ascending; rankings may order by anything, tie-breakers after. */
  readonly orderBy: readonly [SortKey, ...SortKey[]];
  /** Absent for ranking functions (ROW_NUMBER), which take no frame. */
  readonly frame?: OverFrame;
}

export function overNode(
  call: FunctionCallNode,
  partitionBy: readonly ExpressionNode[],
  orderBy: readonly [SortKey, ...SortKey[]],
  options: { readonly frame?: OverFrame } = {},
): OverNode {
  return Object.freeze({
    kind: 'OverNode',
    call,
    partitionBy: Object.freeze([...partitionBy]),
    orderBy: Object.freeze<readonly [SortKey, ...SortKey[]]>([orderBy[0], ...orderBy.slice(1)]),
    ...(options.frame === undefined ? {} : { frame: options.frame }),
  });
}
