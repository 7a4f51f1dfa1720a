/** `*` in a SELECT list: every column of the relation, in its order. */
export interface StarNode {
  readonly kind: 'StarNode';
}

export const STAR: StarNode = Object.freeze({ kind: 'StarNode' });
