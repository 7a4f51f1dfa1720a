import type { ExpressionNode } from './expression-node.js';

/** Whole units between two instants, `TIMESTAMPDIFF(SECOND, from, to)`: positive when `to` is later. */
export interface TimestampDiffNode {
  readonly kind: 'TimestampDiffNode';
  readonly unit: 'SECOND';
  readonly from: ExpressionNode;
  readonly to: ExpressionNode;
}

export function timestampDiffNode(unit: TimestampDiffNode['unit'], from: ExpressionNode, to: ExpressionNode): TimestampDiffNode {
  return Object.freeze({ kind: 'TimestampDiffNode', unit, from, to });
}
