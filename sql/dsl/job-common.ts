import { ColumnError, JobDefinitionError } from '../errors.js';
import type { ColumnType } from '../schema/column-types.js';
import type { Expr } from './expression.js';
import type { DataLakeCopy } from './data-lake.js';
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

/** How a job runs on Managed Flink, as `deploy-jobs` applies it. */
export interface Scaling {
  /** Parallel subtasks (Managed Flink: one KPU each). */
  readonly parallelism: number;
  /** Let Managed Flink raise parallelism under load (and lower it back). */
  readonly autoscaling: boolean;
}

/** What a job file may say about scaling; unsaid parts take DEFAULT_SCALING. */
export interface ScalingSpec {
  readonly parallelism?: number;
  readonly autoscaling?: boolean;
}

export const DEFAULT_SCALING: Scaling = Object.freeze({ parallelism: 1, autoscaling: false });

export function scalingOf(spec: ScalingSpec | undefined): Scaling {
  const parallelism = spec?.parallelism ?? DEFAULT_SCALING.parallelism;
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 256) {
    throw new JobDefinitionError(`scaling.parallelism must be a whole number from 1 to 256, got ${String(parallelism)}`);
  }
  return Object.freeze({ parallelism, autoscaling: spec?.autoscaling ?? DEFAULT_SCALING.autoscaling });
}

/** What every kind of job has; `jobType` and the kind's own fields are added by each kind. */
export interface JobCommon<Row> {
  readonly kind: 'job';
  /** Output columns forming the Kinesis partition key of each output record. */
  readonly partitionKey: readonly string[];
  readonly sinkStream: string;
  readonly description?: string;
  readonly scaling: Scaling;
  /** Output columns in order, with their types: the sink schema and the manifest's JSON Schema. */
  readonly outputColumns: readonly (readonly [string, ColumnType<unknown>])[];
  /** A Parquet copy of the output rows in the data lake (`withDataLakeCopy`). */
  readonly dataLake?: DataLakeCopy;
  /** Columns computed from the job's own output columns (`withRules`), appended to them. */
  readonly rules?: readonly (readonly [string, Expr<unknown>])[];
  /** Only the output rows for which this holds reach the sink (`keepRows`); it reads the output columns, rules included. */
  readonly keepRowsWhere?: Expr<boolean | null, 'boolean'>;
  /** Type-only: the output row as the sink stream carries it. Undefined at run time. */
  readonly Row: Row;
}

/** A job that reads one source. */
export interface SingleSourceJob<Row> extends JobCommon<Row> {
  readonly source: Source;
}
