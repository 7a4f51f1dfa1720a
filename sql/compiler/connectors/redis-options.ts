import type { LookupCache } from '../../dsl/reference-table.js';
import type { TableOptions } from './table-options.js';

/** A reference table in Redis, read by the runner's `redis` connector. */
export interface RedisSettings {
  /** redis://host:port, or rediss://host:port for TLS. */
  readonly url: string;
  /** `cluster` for a Redis Cluster (keys on several shards); `standalone` for one server. */
  readonly mode: 'standalone' | 'cluster';
  /**
   * A Secrets Manager secret (ARN) holding the cache user's `{ "username", "password" }`, which the
   * runner reads on each connect, and the Secrets Manager API to read it from when not the region's.
   */
  readonly credentials?: { readonly secret: string; readonly endpoint?: string };
  readonly keyPrefix: string;
  readonly cache?: LookupCache;
}

export function redisOptions(settings: RedisSettings): TableOptions {
  const { credentials, cache } = settings;
  return [
    ['connector', 'redis'],
    ['url', settings.url],
    // Standalone is the connector's default, so only a cluster says its mode.
    ...(settings.mode === 'cluster' ? ([['mode', 'cluster']] as const) : []),
    ...(credentials === undefined
      ? []
      : ([['credentials.secret', credentials.secret], ...(credentials.endpoint === undefined ? [] : ([['credentials.secret.endpoint', credentials.endpoint]] as const))] as const)),
    ['key-prefix', settings.keyPrefix],
    ...(cache === undefined
      ? []
      : ([
          ['lookup.cache', 'PARTIAL'],
          ['lookup.partial-cache.max-rows', String(cache.maxRows)],
          ['lookup.partial-cache.expire-after-write', `${cache.expireAfterWrite.millis} ms`],
        ] as const)),
    ['format', 'json'],
  ];
}
