import type { ExpressionNode } from './expression-node.js';

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR' | '||';

/** `left op right`; the printer parenthesizes every operation, so precedence never depends on layout. */
export interface BinaryOperationNode {
  readonly kind: 'BinaryOperationNode';
  readonly operator: BinaryOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export function binaryOperationNode(operator: BinaryOperator, left: ExpressionNode, right: ExpressionNode): BinaryOperationNode {
  return Object.freeze({ kind: 'BinaryOperationNode', operator, left, right });
}
