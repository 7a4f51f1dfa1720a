import type { ExpressionNode } from './expression-node.js';
import type { JoinNode } from './join-node.js';
import type { MatchRecognizeNode } from './match-recognize-node.js';
import type { SelectionNode } from './selection-node.js';
import type { SubqueryNode } from './subquery-node.js';
import type { TableNode } from './table-node.js';
import type { WindowTableNode } from './window-table-node.js';

export type RelationNode = TableNode | WindowTableNode | SubqueryNode | JoinNode | MatchRecognizeNode;

/** A query hint, `/*+ NAME('key' = 'value', ...) *\/` after SELECT, e.g. Flink's STATE_TTL per join input. */
export interface QueryHint {
  readonly name: 'STATE_TTL';
  readonly options: readonly (readonly [string, string])[];
}

/** `SELECT [hints] ... FROM ... [WHERE ...] [GROUP BY ...] [HAVING ...]`. */
export interface SelectNode {
  readonly kind: 'SelectNode';
  readonly hints: readonly QueryHint[];
  readonly selections: readonly SelectionNode[];
  readonly from: RelationNode;
  readonly where?: ExpressionNode;
  readonly groupBy: readonly ExpressionNode[];
  readonly having?: ExpressionNode;
}

export function selectNode(fields: {
  readonly hints?: readonly QueryHint[];
  readonly selections: readonly SelectionNode[];
  readonly from: RelationNode;
  readonly where?: ExpressionNode | undefined;
  readonly groupBy?: readonly ExpressionNode[];
  readonly having?: ExpressionNode | undefined;
}): SelectNode {
  return Object.freeze({
    kind: 'SelectNode',
    hints: Object.freeze([...(fields.hints ?? [])]),
    selections: Object.freeze([...fields.selections]),
    from: fields.from,
    groupBy: Object.freeze([...(fields.groupBy ?? [])]),
    ...(fields.where === undefined ? {} : { where: fields.where }),
    ...(fields.having === undefined ? {} : { having: fields.having }),
  });
}
