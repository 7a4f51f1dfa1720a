import { JobDefinitionError } from '../errors.js';
import { nullable, type ColumnType, type Nullable, type ValueOf } from '../schema/column-types.js';
import type { Expr } from './expression.js';
import type { ReferenceTable } from './reference-table.js';
import { rowOf, type Columns, type RowOf } from './source.js';

/** One event's lookup in a reference table: the event-side value compared with the table's key. */
export interface Lookup<Cols extends Columns = Columns> {
  readonly kind: 'lookup';
  readonly table: ReferenceTable;
  readonly value: Expr<unknown>;
  /** Phantom: the table's columns, for the looked-up row's type. Never set at run time. */
  readonly __columns?: Cols;
}

/**
 * Looks each event up in `table` by `value`, as the table is when the event arrives (a LEFT lookup
 * join: an event without a match keeps going, with NULL reference columns). `value` must have the
 * type of the table's key, so `lookup(zipCodes, c.price)` does not compile.
 * @example
 * lookups: (c) => ({ area: lookup(zipCodes, c.zip) }), select: (c, { area }) => ({ city: area.city }),
 * // prints `area`.`city` AS `city` FROM `clicks` LEFT JOIN `zip_codes` FOR SYSTEM_TIME AS OF `clicks`.`proc_time` AS `area` ON `area`.`zip` = `clicks`.`zip`
 */
export function lookup<Cols extends Columns, K extends keyof Cols & string>(
  table: ReferenceTable<Cols, K>,
  value: Expr<ValueOf<Cols[K]> | null>,
): Lookup<Cols> {
  return Object.freeze({ kind: 'lookup', table, value });
}

export type Lookups = Readonly<Record<string, Lookup>>;

type NullableColumns<Cols extends Columns> = { readonly [K in keyof Cols]: Nullable<Cols[K]> };

/** What a job's callbacks see of its lookups: per alias, the reference row (every column nullable). */
export type LookedUpRows<L extends Lookups> = {
  readonly [A in keyof L]: L[A] extends Lookup<infer Cols> ? RowOf<NullableColumns<Cols>> : never;
};

/** The reference rows by alias, their columns qualified with the alias. */
export function lookedUpRows<L extends Lookups>(lookups: L, reservedAliases: readonly string[]): LookedUpRows<L> {
  const rows: Record<string, unknown> = {};
  for (const [alias, { table }] of Object.entries(lookups)) {
    if (reservedAliases.includes(alias)) throw new JobDefinitionError(`lookup alias '${alias}' is the name of the job's source; choose another`);
    const columns: Record<string, ColumnType<unknown>> = {};
    for (const [name, type] of Object.entries(table.columns)) columns[name] = nullable(type as ColumnType<unknown>);
    rows[alias] = rowOf(columns, alias);
  }
  return Object.freeze(rows) as LookedUpRows<L>;
}
