/** A table by name, optionally aliased: `clicks` AS `c`. */
export interface TableNode {
  readonly kind: 'TableNode';
  readonly name: string;
  readonly alias?: string;
}

export function tableNode(name: string, alias?: string): TableNode {
  return Object.freeze({ kind: 'TableNode', name, ...(alias === undefined ? {} : { alias }) });
}
