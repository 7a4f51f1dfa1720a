import { nullable, type ColumnType, type ValueOf } from '../../schema/column-types.js';
import type { Aggregation } from '../aggregates.js';
import type { Expr } from '../expression.js';
import type { Simplify } from '../job-common.js';
import { rowOf, type Columns, type NullableRowOf, type RowOf } from '../source.js';
import type { Measures } from './measures.js';

/**
 * Each variable's rows as column expressions qualified by the variable (`` `carted`.`price` ``).
 * A plain reference reads the last row the variable matched; aggregates (`count`, `sum`, ...) read
 * all of them. Columns of variables that may match no row are nullable.
 */
export type MatchedRows<Cols extends Columns, V extends string, Absent extends string> = {
  readonly [P in V]: P extends Absent ? NullableRowOf<Cols> : RowOf<Cols>;
};

type MeasureValue<M> = M extends Aggregation<string, infer T> ? T : M extends Expr<infer T> ? T : never;

export type PatternRow<Cols extends Columns, K extends keyof Cols, M extends Measures> = Simplify<
  { readonly [P in K]: ValueOf<Cols[P]> } & { readonly feature_set: string } & { readonly [P in keyof M]: MeasureValue<M[P]> }
>;

/** The rows of the variables in `order`, as `define` and `measures` receive them; `mayBeAbsent` ones read nullable columns. */
export function matchedRows(columns: Columns, order: readonly string[], mayBeAbsent: ReadonlySet<string>): Readonly<Record<string, unknown>> {
  const nullableColumns = Object.fromEntries(Object.entries(columns).map(([name, type]) => [name, nullable(type as ColumnType<unknown>)]));
  return Object.fromEntries(order.map((variable) => [variable, rowOf(mayBeAbsent.has(variable) ? nullableColumns : columns, variable)]));
}
