import type { ExpressionNode } from './expression-node.js';
import type { SubqueryNode } from './subquery-node.js';
import type { TableNode } from './table-node.js';
import type { TemporalTableNode } from './temporal-table-node.js';

export type JoinType = 'INNER' | 'LEFT';

/** `left [LEFT] JOIN right ON condition`; joins nest to the left: ((a JOIN b) JOIN c). */
export interface JoinNode {
  readonly kind: 'JoinNode';
  readonly type: JoinType;
  readonly left: TableNode | SubqueryNode | JoinNode;
  readonly right: TableNode | SubqueryNode | TemporalTableNode;
  readonly on: ExpressionNode;
}

export function joinNode(type: JoinType, left: JoinNode['left'], right: JoinNode['right'], on: ExpressionNode): JoinNode {
  return Object.freeze({ kind: 'JoinNode', type, left, right, on });
}
