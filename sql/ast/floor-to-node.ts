import type { ExpressionNode } from './expression-node.js';

export type FloorUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

/** `FLOOR(x TO DAY)`: a timestamp rounded down to the start of its second, minute, ... year. */
export interface FloorToNode {
  readonly kind: 'FloorToNode';
  readonly expression: ExpressionNode;
  readonly unit: FloorUnit;
}

export function floorToNode(expression: ExpressionNode, unit: FloorUnit): FloorToNode {
  return Object.freeze({ kind: 'FloorToNode', expression, unit });
}
