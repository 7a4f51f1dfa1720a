import { ColumnError, JobDefinitionError } from '../errors.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import type { ColumnType } from '../schema/column-types.js';
import type { Columns } from './source.js';

/** Reference rows kept in Redis, one JSON value per key at `keyPrefix + key` (the runner's `redis` table). */
export interface RedisStore {
  readonly kind: 'redis';
  readonly keyPrefix: string;
}

/**
 * Reference rows in a JSON-lines file, held in memory by each job and read again every
 * `reloadEvery` (the runner's `reference-file` table). `path` is relative to the target's reference
 * data root: a local folder, or an S3 prefix in AWS.
 */
export interface FileStore {
  readonly kind: 'file';
  readonly path: string;
  readonly reloadEvery: ParsedDuration;
}

export type ReferenceStore = RedisStore | FileStore;

/**
 * Keeps a reference table in Redis, one JSON value per key at `keyPrefix + key`: for large tables
 * looked up one key at a time (zip codes, IP networks), optionally cached in the job.
 * @example
 * store: redisStore({ keyPrefix: 'zip:' }),
 * // prints WITH ('connector' = 'redis', ..., 'key-prefix' = 'zip:', ...); the URL, mode and credentials come from the compile target
 */
export function redisStore(options: { readonly keyPrefix: string }): RedisStore {
  return Object.freeze({ kind: 'redis', keyPrefix: options.keyPrefix });
}

/**
 * Keeps a reference table in a JSON-lines file under the target's reference data root, held in memory
 * by each job and read again every `reloadEvery` (default 10 min): for small, slowly changing data.
 * @example
 * store: fileStore({ path: 'page-categories.jsonl', reloadEvery: '15 min' }),
 * // prints WITH ('connector' = 'reference-file', 'path' = '<reference data root>/page-categories.jsonl', 'reload-interval' = '900000 ms', 'format' = 'json')
 */
export function fileStore(options: { readonly path: string; readonly reloadEvery?: Duration }): FileStore {
  if (options.path === '' || options.path.startsWith('/') || options.path.split('/').includes('..')) {
    throw new JobDefinitionError(`fileStore path '${options.path}' must be relative to the reference data root, without '..'`);
  }
  return Object.freeze({ kind: 'file', path: options.path, reloadEvery: parseDuration(options.reloadEvery ?? '10 min', 'fileStore reloadEvery') });
}

/** Lookups served from memory without asking the store again, per Flink's partial lookup cache. */
export interface LookupCache {
  readonly maxRows: number;
  readonly expireAfterWrite: ParsedDuration;
}

/** Reference data (zip code or IP metadata) that jobs enrich events with in a lookup join. */
export interface ReferenceTable<Cols extends Columns = Columns, K extends keyof Cols & string = keyof Cols & string> {
  readonly kind: 'reference-table';
  /** The table name in SQL. */
  readonly name: string;
  readonly key: K;
  readonly columns: Cols;
  readonly store: ReferenceStore;
  readonly cache?: LookupCache;
}

export interface ReferenceTableDefinition<Cols extends Columns, K extends keyof Cols & string> {
  readonly name: string;
  /** The column rows are found by; each event's lookup value is compared with it. */
  readonly key: K;
  readonly columns: Cols;
  readonly store: ReferenceStore;
  /** Cache lookups in the job (only for a Redis store; a file store is in memory already). */
  readonly cache?: { readonly maxRows: number; readonly expireAfterWrite: Duration };
}

/**
 * Declares a reference table. Example:
 *
 * ```ts
 * export const zipCodes = referenceTable({
 *   name: 'zip_codes', key: 'zip',
 *   columns: { zip: t.string(), city: t.string(), median_income: t.nullable(t.bigint()) },
 *   store: redisStore({ keyPrefix: 'zip:' }),
 *   cache: { maxRows: 50_000, expireAfterWrite: '10 min' },
 * });
 * ```
 * prints, in a job that looks it up, `` CREATE TEMPORARY TABLE `zip_codes` (`zip` STRING, `city` STRING, `median_income` BIGINT,
 * PRIMARY KEY (`zip`) NOT ENFORCED) WITH ('connector' = 'redis', ..., 'key-prefix' = 'zip:', 'lookup.cache' = 'PARTIAL',
 * 'lookup.partial-cache.max-rows' = '50000', 'lookup.partial-cache.expire-after-write' = '600000 ms', 'format' = 'json') ``.
 */
export function referenceTable<const Cols extends Columns, const K extends keyof Cols & string>(
  definition: ReferenceTableDefinition<Cols, K>,
): ReferenceTable<Cols, K> {
  const keyType = definition.columns[definition.key] as ColumnType<unknown> | undefined;
  if (keyType === undefined) throw new ColumnError(`reference table '${definition.name}': key '${definition.key}' is not one of its columns`);
  if (keyType.category !== 'string' && !['INT', 'BIGINT'].includes(keyType.sql)) {
    throw new ColumnError(`reference table '${definition.name}': key '${definition.key}' is ${keyType.sql}; a lookup key must be STRING, INT or BIGINT`);
  }
  if (keyType.nullable) throw new ColumnError(`reference table '${definition.name}': key '${definition.key}' cannot be nullable`);
  const { cache } = definition;
  if (cache !== undefined && definition.store.kind !== 'redis') {
    throw new JobDefinitionError(`reference table '${definition.name}': a cache only applies to a Redis store; a file store is held in memory already`);
  }
  if (cache !== undefined && (!Number.isInteger(cache.maxRows) || cache.maxRows < 1)) {
    throw new JobDefinitionError(`reference table '${definition.name}': cache.maxRows must be a whole number of at least 1, got ${cache.maxRows}`);
  }
  return Object.freeze({
    kind: 'reference-table',
    name: definition.name,
    key: definition.key,
    columns: definition.columns,
    store: definition.store,
    ...(cache === undefined
      ? {}
      : { cache: { maxRows: cache.maxRows, expireAfterWrite: parseDuration(cache.expireAfterWrite, `reference table '${definition.name}' cache.expireAfterWrite`) } }),
  });
}
