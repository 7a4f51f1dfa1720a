import type { TableOptions } from './table-options.js';

/** A data-lake copy's table: Parquet files written by Flink's filesystem connector. */
export interface DataLakeSettings {
  /** The folder URI the files go under: file:///... locally, s3://... in AWS. */
  readonly folder: string;
}

export function dataLakeOptions(settings: DataLakeSettings): TableOptions {
  return [
    ['connector', 'filesystem'],
    ['path', settings.folder],
    ['format', 'parquet'],
    // Snappy: fast to write and read, what Athena, Spark and DuckDB expect by default.
    ['parquet.compression', 'SNAPPY'],
    // No rolling policy: Flink rolls a bulk-format file on every checkpoint whatever it says.
  ];
}
