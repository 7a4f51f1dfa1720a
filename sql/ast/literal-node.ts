export type LiteralValue = string | number | boolean | null;

/** A constant; the printer quotes it (see quoting.ts), so any string is safe here. */
export interface LiteralNode {
  readonly kind: 'LiteralNode';
  readonly value: LiteralValue;
}

export function literalNode(value: LiteralValue): LiteralNode {
  return Object.freeze({ kind: 'LiteralNode', value });
}
