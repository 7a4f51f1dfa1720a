import type { ExpressionNode } from './expression-node.js';

/** `CAST(x AS type)`, or `TRY_CAST`, which yields NULL instead of failing the job on bad input. */
export interface CastNode {
  readonly kind: 'CastNode';
  readonly expression: ExpressionNode;
  /** A Flink type from schema/column-types.ts, never user text. */
  readonly type: string;
  readonly mode: 'CAST' | 'TRY_CAST';
}

export function castNode(expression: ExpressionNode, type: string, mode: 'CAST' | 'TRY_CAST'): CastNode {
  return Object.freeze({ kind: 'CastNode', expression, type, mode });
}
