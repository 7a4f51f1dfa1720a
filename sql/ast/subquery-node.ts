import type { QueryNode } from './union-node.js';

/** A query used as a table: `(SELECT ...) AS alias`. */
export interface SubqueryNode {
  readonly kind: 'SubqueryNode';
  readonly query: QueryNode;
  readonly alias: string;
}

export function subqueryNode(query: QueryNode, alias: string): SubqueryNode {
  return Object.freeze({ kind: 'SubqueryNode', query, alias });
}
