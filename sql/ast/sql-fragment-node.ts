import type { ExpressionNode } from './expression-node.js';

/**
 * A Flink SQL expression the DSL has no construct for, written by the job's author (`flinkSql`):
 * `text[0] arg[0] text[1] ... arg[n-1] text[n]`. The text is the author's, checked by flinkSql (no
 * statement separator, comment or identifier quote in it); every column and value comes in as an
 * argument node, so the printer quotes it like any other.
 */
export interface SqlFragmentNode {
  readonly kind: 'SqlFragmentNode';
  readonly text: readonly string[];
  readonly args: readonly ExpressionNode[];
}

export function sqlFragmentNode(text: readonly string[], args: readonly ExpressionNode[]): SqlFragmentNode {
  if (text.length !== args.length + 1) throw new Error(`a SQL fragment has one more text part than arguments, got ${text.length} and ${args.length}`);
  return Object.freeze({ kind: 'SqlFragmentNode', text: Object.freeze([...text]), args: Object.freeze([...args]) });
}
