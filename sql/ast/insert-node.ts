import type { SelectNode } from './select-node.js';

/** `INSERT INTO table SELECT ...`. */
export interface InsertNode {
  readonly kind: 'InsertNode';
  readonly table: string;
  readonly query: SelectNode;
}

export function insertNode(table: string, query: SelectNode): InsertNode {
  return Object.freeze({ kind: 'InsertNode', table, query });
}
