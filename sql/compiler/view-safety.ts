import type { JoinNode } from '../ast/join-node.js';
import type { RelationNode } from '../ast/select-node.js';
import type { QueryNode } from '../ast/union-node.js';

/**
 * Whether Flink 1.19 can read back a view of `query`. It keeps a view as SQL it prints itself and parses that
 * again where the view is read, and it prints a SESSION window's `PARTITION BY (a, b)` without the parentheses,
 * which it then reads as the column `a` followed by an unknown column `b` ("Column 'b' not found in any table").
 * Such a query must be written out wherever it is read instead.
 */
export function viewable(query: QueryNode): boolean {
  if (query.kind === 'UnionNode') return query.queries.every(viewable);
  return relationViewable(query.from);
}

function relationViewable(relation: RelationNode | JoinNode['right']): boolean {
  switch (relation.kind) {
    case 'WindowTableNode':
      return !(relation.function === 'SESSION' && relation.partitionBy.length > 1);
    case 'SubqueryNode':
      return viewable(relation.query);
    case 'JoinNode':
      return relationViewable(relation.left) && relationViewable(relation.right);
    case 'TableNode':
    case 'TemporalTableNode':
    case 'MatchRecognizeNode':
      return true;
    default:
      return relation satisfies never;
  }
}
