import { ColumnError, JobDefinitionError } from '../errors.js';
import type { Job } from './job-kinds.js';

/** How a data-lake copy splits its files into Hive-style folders: `dt=2026-11-23/` (and `hr=14/`). */
export type PartitionEvery = 'day' | 'hour';

/** A copy of a job's output rows as Parquet files, besides its Kinesis stream. */
export interface DataLakeCopy {
  /** Folder under the compile target's data-lake root (a local folder, or s3://bucket/prefix in AWS). */
  readonly folder: string;
  /** The timestamp column whose UTC day (and hour) names each row's folder; none: one folder. */
  readonly partitionBy?: { readonly column: string; readonly every: PartitionEvery };
}

export interface DataLakeSpec<Row> {
  readonly folder: string;
  readonly partitionBy?: { readonly column: keyof Row & string; readonly every: PartitionEvery };
}

/** A job that also writes its rows to the data lake. */
export type WithDataLakeCopy<J extends Job> = J & { readonly dataLake: DataLakeCopy };

/** Columns the copy adds for its folders; a job's own columns of these names would clash. */
export const PARTITION_COLUMNS = { day: 'dt', hour: 'hr' } as const;

/**
 * Adds a data-lake copy to a job: every output row also goes to Parquet files under
 * `<data-lake root>/<folder>/`, written by the same Flink job (a second sink of its statement set).
 * Flink rolls a Parquet file on every checkpoint, so each writer leaves one file per checkpoint and
 * folder: the checkpoint interval sets file sizes. A reader sees only finished files (in-progress ones start with a dot).
 * @example
 * withDataLakeCopy(job({...}), { folder: 'user-sessions', partitionBy: { column: 'window_start', every: 'day' } }) // files user-sessions/dt=2026-11-23/part-...
 * // prints INSERT INTO `user_sessions_v1__data_lake` SELECT `user_id`, ..., DATE_FORMAT(`window_start`, 'yyyy-MM-dd') AS `dt` FROM `user_sessions_v1__rows`,
 * // into a table PARTITIONED BY (`dt`) WITH ('connector' = 'filesystem', ..., 'format' = 'parquet', 'parquet.compression' = 'SNAPPY')
 */
export function withDataLakeCopy<J extends Job>(job: J, spec: DataLakeSpec<J['Row']>): WithDataLakeCopy<J> {
  if (job.dataLake !== undefined) throw new JobDefinitionError(`withDataLakeCopy: this job has a data-lake copy already (folder '${job.dataLake.folder}')`);
  if (!/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/.test(spec.folder)) {
    throw new JobDefinitionError(`withDataLakeCopy folder '${spec.folder}': use lower-case letters, digits, '-', '_' and '/' between names (a path under the data-lake root)`);
  }
  const partitionBy = spec.partitionBy;
  if (partitionBy !== undefined) {
    const type = job.outputColumns.find(([name]) => name === partitionBy.column)?.[1];
    if (type?.category !== 'timestamp') {
      throw new ColumnError(`withDataLakeCopy partitionBy: '${partitionBy.column}' must be a timestamp column of the job's output (e.g. window_start, event_time)`);
    }
    // A NULL would file its row under Flink's __DEFAULT_PARTITION__ folder, where no reader looks.
    if (type.nullable) throw new ColumnError(`withDataLakeCopy partitionBy: '${partitionBy.column}' may be NULL; partition by a column that never is (e.g. window_start, event_time)`);
    for (const column of Object.values(PARTITION_COLUMNS)) {
      if (job.outputColumns.some(([name]) => name === column)) throw new ColumnError(`withDataLakeCopy partitionBy: the job has a column '${column}', the name of a partition folder; rename it`);
    }
  }
  const copy: DataLakeCopy = {
    folder: spec.folder,
    ...(partitionBy === undefined ? {} : { partitionBy: { column: partitionBy.column, every: partitionBy.every } }),
  };
  return Object.freeze({ ...job, dataLake: Object.freeze(copy) });
}
