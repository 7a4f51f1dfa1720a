import { ColumnError } from '../errors.js';
import type { ColumnType } from '../schema/column-types.js';
import type { Source } from './source.js';

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

/** What every kind of job has; `jobType` and the kind's own fields are added by each kind. */
export interface JobCommon<Row> {
  readonly kind: 'job';
  readonly source: Source;
  /** Output columns forming the Kinesis partition key of each output record. */
  readonly partitionKey: readonly string[];
  readonly sinkStream: string;
  readonly description?: string;
  /** Output columns in order, with their types: the sink schema and the manifest's JSON Schema. */
  readonly outputColumns: readonly (readonly [string, ColumnType<unknown>])[];
  /** Type-only: the output row as the sink stream carries it. Undefined at run time. */
  readonly Row: Row;
}
