import type { SelectNode } from './select-node.js';

/** `q1 UNION ALL q2 ...`: the rows of every query, duplicates kept (append-only, unlike UNION). */
export interface UnionNode {
  readonly kind: 'UnionNode';
  readonly queries: readonly SelectNode[];
}

/** What an INSERT or a subquery reads: one SELECT, or several glued by UNION ALL. */
export type QueryNode = SelectNode | UnionNode;

export function unionNode(queries: readonly SelectNode[]): UnionNode {
  if (queries.length < 2) throw new Error('UNION ALL needs two queries or more');
  return Object.freeze({ kind: 'UnionNode', queries: Object.freeze([...queries]) });
}
