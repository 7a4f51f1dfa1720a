import type { ExpressionNode } from './expression-node.js';

/** `x IN (a, b, ...)`: the value equals one of a list (the DSL's lists are constants, never empty). */
export interface InListNode {
  readonly kind: 'InListNode';
  readonly expression: ExpressionNode;
  readonly list: readonly ExpressionNode[];
}

export function inListNode(expression: ExpressionNode, list: readonly ExpressionNode[]): InListNode {
  return Object.freeze({ kind: 'InListNode', expression, list: Object.freeze([...list]) });
}
