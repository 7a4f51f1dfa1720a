import type { ExpressionNode } from './expression-node.js';

/** One item of a SELECT list: an expression and the output column name it gets. */
export interface SelectionNode {
  readonly kind: 'SelectionNode';
  readonly expression: ExpressionNode;
  readonly alias: string;
}

export function selectionNode(expression: ExpressionNode, alias: string): SelectionNode {
  return Object.freeze({ kind: 'SelectionNode', expression, alias });
}
