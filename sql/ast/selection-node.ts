import type { ExpressionNode } from './expression-node.js';
import type { StarNode } from './star-node.js';

/** One item of a SELECT list: an expression and the output column name it gets, or `*` (alias unused). */
export interface SelectionNode {
  readonly kind: 'SelectionNode';
  readonly expression: ExpressionNode | StarNode;
  readonly alias: string;
}

export function selectionNode(expression: ExpressionNode | StarNode, alias: string): SelectionNode {
  return Object.freeze({ kind: 'SelectionNode', expression, alias });
}
