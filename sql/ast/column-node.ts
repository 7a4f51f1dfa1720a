/** A reference to a column, optionally qualified by a table alias: `c`.`user_id`. */
export interface ColumnNode {
  readonly kind: 'ColumnNode';
  readonly table?: string;
  readonly column: string;
}

export function columnNode(column: string, table?: string): ColumnNode {
  return Object.freeze({ kind: 'ColumnNode', column, ...(table === undefined ? {} : { table }) });
}
