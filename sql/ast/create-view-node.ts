import type { QueryNode } from './union-node.js';

/**
 * `CREATE TEMPORARY VIEW name AS SELECT ...`: a named query. A temporal join needs its versioned table
 * by name (`FOR SYSTEM_TIME AS OF` takes no subquery), so derived tables a job joins are views; a job
 * with two sinks reads its rows from one.
 */
export interface CreateViewNode {
  readonly kind: 'CreateViewNode';
  readonly name: string;
  readonly query: QueryNode;
}

export function createViewNode(name: string, query: QueryNode): CreateViewNode {
  return Object.freeze({ kind: 'CreateViewNode', name, query });
}
