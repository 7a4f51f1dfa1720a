import { ColumnError } from '../errors.js';
import type { ColumnType } from '../schema/column-types.js';

/** The features stream every job writes to unless it names another. */
export const DEFAULT_SINK_STREAM = 'features';

export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Every output column name must be unique: two features of the same name would overwrite each other. */
export function checkUniqueColumns(columns: readonly (readonly [string, ColumnType<unknown>])[]): void {
  const seen = new Set<string>();
  for (const [name] of columns) {
    if (seen.has(name)) throw new ColumnError(`two output columns are named '${name}'; rename one aggregation with .as('...')`);
    seen.add(name);
  }
}
