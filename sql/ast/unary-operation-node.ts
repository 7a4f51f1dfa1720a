import type { ExpressionNode } from './expression-node.js';

export type PrefixOperator = 'NOT' | '-';
export type PostfixOperator = 'IS NULL' | 'IS NOT NULL' | 'IS TRUE' | 'IS FALSE';

/** `NOT x`, `-x`, `x IS NULL`, ... */
export interface UnaryOperationNode {
  readonly kind: 'UnaryOperationNode';
  readonly operator: PrefixOperator | PostfixOperator;
  readonly operand: ExpressionNode;
}

export function unaryOperationNode(operator: PrefixOperator | PostfixOperator, operand: ExpressionNode): UnaryOperationNode {
  return Object.freeze({ kind: 'UnaryOperationNode', operator, operand });
}
