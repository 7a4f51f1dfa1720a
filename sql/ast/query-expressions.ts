import type { ExpressionNode } from './expression-node.js';
import type { JoinNode } from './join-node.js';
import type { RelationNode } from './select-node.js';
import type { QueryNode } from './union-node.js';

/** Every expression of a query, subqueries (and every query of a UNION ALL) included; `*` has none. */
export function queryExpressions(query: QueryNode): ExpressionNode[] {
  if (query.kind === 'UnionNode') return query.queries.flatMap(queryExpressions);
  const own = [
    ...query.selections.flatMap((selection) => (selection.expression.kind === 'StarNode' ? [] : [selection.expression])),
    ...query.groupBy,
    ...(query.where === undefined ? [] : [query.where]),
    ...(query.having === undefined ? [] : [query.having]),
  ];
  return [...own, ...relationExpressions(query.from)];
}

/** Expressions inside a relation (join conditions, subqueries, measures and conditions of a match), which are the query's too. */
function relationExpressions(relation: RelationNode | JoinNode['right']): ExpressionNode[] {
  if (relation.kind === 'JoinNode') return [...relationExpressions(relation.left), relation.on, ...relationExpressions(relation.right)];
  if (relation.kind === 'SubqueryNode') return queryExpressions(relation.query);
  if (relation.kind === 'MatchRecognizeNode') return [...relation.measures, ...relation.define].map(([, expression]) => expression);
  return [];
}
