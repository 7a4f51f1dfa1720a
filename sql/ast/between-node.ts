import type { ExpressionNode } from './expression-node.js';

/** `x BETWEEN low AND high`: both bounds included, and false (not swapped) when low is above high. */
export interface BetweenNode {
  readonly kind: 'BetweenNode';
  readonly expression: ExpressionNode;
  readonly low: ExpressionNode;
  readonly high: ExpressionNode;
}

export function betweenNode(expression: ExpressionNode, low: ExpressionNode, high: ExpressionNode): BetweenNode {
  return Object.freeze({ kind: 'BetweenNode', expression, low, high });
}
