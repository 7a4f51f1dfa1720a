import type { QueryNode } from './union-node.js';

/** `INSERT INTO table SELECT ...` (or a UNION ALL of SELECTs). */
export interface InsertNode {
  readonly kind: 'InsertNode';
  readonly table: string;
  readonly query: QueryNode;
}

export function insertNode(table: string, query: QueryNode): InsertNode {
  return Object.freeze({ kind: 'InsertNode', table, query });
}
