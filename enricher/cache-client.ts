/**
 * The enricher's Redis client: a standalone connection, or a cluster client for a Redis Cluster
 * (ElastiCache Serverless is cluster mode: keys live on several shards, and a client must follow
 * MOVED redirects and send each key to its shard's node). `rediss://` is TLS either way.
 */
import { Cluster, Redis } from 'ioredis';

export type CacheMode = 'standalone' | 'cluster';

export interface CacheCredentialsOption {
  readonly username?: string;
  readonly password?: string;
}

export interface CacheClient {
  readonly client: Redis | Cluster;
  /** New credentials for the next (re)connect, after a rotation. */
  readonly setCredentials: (credentials: Required<CacheCredentialsOption>) => void;
  /** Calls `listener` with each error of the connection (of any node, for a cluster). */
  readonly onError: (listener: (error: Error) => void) => void;
}

export function cacheClient(url: string, mode: CacheMode, credentials: CacheCredentialsOption): CacheClient {
  if (mode === 'standalone') {
    // rediss:// and a password in the URL are handled by ioredis.
    const client = new Redis(url, { maxRetriesPerRequest: 1, ...credentials });
    return {
      client,
      setCredentials: (fresh) => {
        client.options.username = fresh.username;
        client.options.password = fresh.password;
      },
      onError: (listener) => {
        client.on('error', listener);
      },
    };
  }
  const parsed = new URL(url);
  const fromUrl = parsed.password === '' ? {} : { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  const client = new Cluster([{ host: parsed.hostname, port: Number(parsed.port || 6379) }], {
    // ElastiCache's TLS certificates name the endpoint, not the node addresses the cluster reports.
    dnsLookup: (address, callback) => {
      callback(null, address);
    },
    redisOptions: { maxRetriesPerRequest: 1, ...fromUrl, ...credentials, ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}) },
  });
  return {
    client,
    setCredentials: (fresh) => {
      client.options.redisOptions = { ...client.options.redisOptions, username: fresh.username, password: fresh.password };
    },
    onError: (listener) => {
      client.on('error', listener);
      client.on('node error', listener);
    },
  };
}
