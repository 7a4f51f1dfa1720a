import type { SelectNode } from './select-node.js';

/**
 * `CREATE TEMPORARY VIEW name AS SELECT ...`: a named query. A temporal join needs its versioned table
 * by name (`FOR SYSTEM_TIME AS OF` takes no subquery), so derived tables a job joins are views.
 */
export interface CreateViewNode {
  readonly kind: 'CreateViewNode';
  readonly name: string;
  readonly query: SelectNode;
}

export function createViewNode(name: string, query: SelectNode): CreateViewNode {
  return Object.freeze({ kind: 'CreateViewNode', name, query });
}
