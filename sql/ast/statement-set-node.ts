import type { InsertNode } from './insert-node.js';

/** `EXECUTE STATEMENT SET BEGIN insert; ... END;`: all of a job's sinks in one Flink job graph. */
export interface StatementSetNode {
  readonly kind: 'StatementSetNode';
  readonly inserts: readonly InsertNode[];
}

export function statementSetNode(inserts: readonly InsertNode[]): StatementSetNode {
  return Object.freeze({ kind: 'StatementSetNode', inserts: Object.freeze([...inserts]) });
}
