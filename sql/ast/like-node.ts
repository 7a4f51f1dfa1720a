import type { ExpressionNode } from './expression-node.js';

/** `x LIKE pattern [ESCAPE c]`: Flink's LIKE has no escape character unless one is given. */
export interface LikeNode {
  readonly kind: 'LikeNode';
  readonly expression: ExpressionNode;
  readonly pattern: ExpressionNode;
  readonly escape?: ExpressionNode;
}

export function likeNode(expression: ExpressionNode, pattern: ExpressionNode, escape?: ExpressionNode): LikeNode {
  return Object.freeze({ kind: 'LikeNode', expression, pattern, ...(escape === undefined ? {} : { escape }) });
}
