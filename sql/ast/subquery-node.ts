import type { SelectNode } from './select-node.js';

/** A query used as a table: `(SELECT ...) AS alias`. */
export interface SubqueryNode {
  readonly kind: 'SubqueryNode';
  readonly query: SelectNode;
  readonly alias: string;
}

export function subqueryNode(query: SelectNode, alias: string): SubqueryNode {
  return Object.freeze({ kind: 'SubqueryNode', query, alias });
}
