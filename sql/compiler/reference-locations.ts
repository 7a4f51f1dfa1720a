/**
 * Where a target keeps the data that only some jobs use: Redis and files for reference tables, a
 * folder for data-lake copies. A missing location fails only the compile of a job that needs it,
 * naming the compile-jobs flag that gives it.
 */
import type { DataLakeCopy } from '../dsl/data-lake.js';
import type { ReferenceTable } from '../dsl/reference-table.js';
import { JobDefinitionError } from '../errors.js';
import { dataLakeOptions } from './connectors/data-lake-options.js';
import { redisOptions, type RedisSettings } from './connectors/redis-options.js';
import { referenceFileOptions } from './connectors/reference-file-options.js';
import type { TableOptions } from './connectors/table-options.js';

/** Where reference tables live on a target; each is needed only by jobs that use such a table. */
export interface ReferenceLocations {
  /** redis://host:port locally; rediss://host:port (TLS) for ElastiCache. */
  readonly redisUrl?: string;
  /**
   * `cluster` for a Redis Cluster: ElastiCache Serverless is one (keys on several shards), so the
   * aws target defaults to it; `standalone` (the local default) for one server.
   */
  readonly redisMode?: 'standalone' | 'cluster';
  /**
   * A Secrets Manager secret (ARN) holding the cache user's `{ "username", "password" }`, which the
   * runner reads on each connect. Required on AWS: the CDK app's cache has its default user off.
   */
  readonly redisCredentialsSecret?: string;
  /** A local Secrets Manager API for `redisCredentialsSecret` (local runs and tests only). */
  readonly secretsManagerEndpoint?: string;
  /** A folder URI that `fileStore` paths are relative to: file:///... locally, s3://bucket/prefix in AWS. */
  readonly referenceDataRoot?: string;
  /** A folder URI that data-lake copies (`withDataLakeCopy`) are written under: file:///... locally, s3://bucket/prefix in AWS. */
  readonly dataLakeRoot?: string;
}

/** What a target's Redis is like when its locations do not say. */
export interface RedisDefaults {
  readonly mode: 'standalone' | 'cluster';
  /** Whether the cache lets no one in without a credentials secret, so a lookup without one could never connect. */
  readonly credentialsRequired: boolean;
}

function underRoot(root: string, path: string): string {
  return `${root.replace(/\/+$/, '')}/${path}`;
}

function redisCredentials(targetName: string, table: ReferenceTable, locations: ReferenceLocations, defaults: RedisDefaults): Pick<RedisSettings, 'credentials'> {
  if (locations.redisCredentialsSecret === undefined) {
    if (!defaults.credentialsRequired) return {};
    throw new JobDefinitionError(
      `reference table '${table.name}' is in Redis, but the '${targetName}' compile target has no credentials secret for the cache (compile-jobs --redis-secret, or REDIS_AUTH_SECRET_ARN: the CDK app's CacheSecretArn output); the cache lets no one in without it`,
    );
  }
  const endpoint = locations.secretsManagerEndpoint;
  return { credentials: { secret: locations.redisCredentialsSecret, ...(endpoint === undefined ? {} : { endpoint }) } };
}

/** The options of a reference table's `redis` or `reference-file` table on a target. */
export function referenceTableOptions(targetName: string, locations: ReferenceLocations, redis: RedisDefaults): (table: ReferenceTable) => TableOptions {
  return (table) => {
    const { store } = table;
    if (store.kind === 'redis') {
      if (locations.redisUrl === undefined) {
        throw new JobDefinitionError(
          `reference table '${table.name}' is in Redis, but the '${targetName}' compile target has no Redis URL (compile-jobs --redis-url, or REDIS_URL)`,
        );
      }
      return redisOptions({
        url: locations.redisUrl,
        mode: locations.redisMode ?? redis.mode,
        ...redisCredentials(targetName, table, locations, redis),
        keyPrefix: store.keyPrefix,
        ...(table.cache === undefined ? {} : { cache: table.cache }),
      });
    }
    if (locations.referenceDataRoot === undefined) {
      throw new JobDefinitionError(
        `reference table '${table.name}' is a file, but the '${targetName}' compile target has no reference data root (compile-jobs --reference-data-root)`,
      );
    }
    return referenceFileOptions({ uri: underRoot(locations.referenceDataRoot, store.path), reloadEvery: store.reloadEvery });
  };
}

/** The folder URI a data-lake copy writes under on a target. */
export function dataLakeFolder(targetName: string, locations: ReferenceLocations): (copy: DataLakeCopy) => string {
  return (copy) => {
    if (locations.dataLakeRoot === undefined) {
      throw new JobDefinitionError(`a job writes a data-lake copy to '${copy.folder}', but the '${targetName}' compile target has no data-lake root (compile-jobs --data-lake-root)`);
    }
    return underRoot(locations.dataLakeRoot, copy.folder);
  };
}

/** The options of a data-lake copy's filesystem table on a target. */
export function dataLakeTableOptions(targetName: string, locations: ReferenceLocations): (copy: DataLakeCopy) => TableOptions {
  const folder = dataLakeFolder(targetName, locations);
  return (copy) => dataLakeOptions({ folder: folder(copy) });
}
