import type { ExpressionNode } from './expression-node.js';
import type { FunctionCallNode } from './function-call-node.js';
import type { IntervalNode } from './interval-node.js';

/** How far back a trailing window reaches: a time range, or a number of rows. */
export type OverFrame = { readonly unit: 'RANGE'; readonly preceding: IntervalNode } | { readonly unit: 'ROWS'; readonly preceding: number };

/**
 * An aggregate over a trailing window of each row:
 * `AVG(x) OVER (PARTITION BY k ORDER BY t RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)`.
 */
export interface OverNode {
  readonly kind: 'OverNode';
  readonly call: FunctionCallNode;
  readonly partitionBy: readonly ExpressionNode[];
  /** Flink orders OVER windows by a time attribute, ascending. */
  readonly orderBy: ExpressionNode;
  /** Absent for ranking functions (ROW_NUMBER), which take no frame. */
  readonly frame?: OverFrame;
}

export function overNode(call: FunctionCallNode, partitionBy: readonly ExpressionNode[], orderBy: ExpressionNode, frame?: OverFrame): OverNode {
  return Object.freeze({ kind: 'OverNode', call, partitionBy: Object.freeze([...partitionBy]), orderBy, ...(frame === undefined ? {} : { frame }) });
}
