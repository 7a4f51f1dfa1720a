import { nullable } from '../../schema/column-types.js';
import { rowOf, type Columns, type NullableRowOf } from '../source.js';

/** Column expressions for `columns`, each NULL-able, qualified by `table`: the row of a side that may have no match. */
export function nullableRowOf<Cols extends Columns>(columns: Cols, table: string): NullableRowOf<Cols> {
  const nullableColumns = Object.fromEntries(Object.entries(columns).map(([name, type]) => [name, nullable(type)]));
  // Object.entries and Object.fromEntries lose the column names, so TypeScript cannot see that the
  // row has a NULL-able expression for each column of `Cols`.
  return rowOf(nullableColumns, table) as NullableRowOf<Cols>;
}
