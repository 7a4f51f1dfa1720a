/**
 * The rotation Lambda of the cache user's secret (the CDK app's data stack schedules it): Secrets
 * Manager calls it once per step with `{ SecretId, ClientRequestToken, Step }`. It runs in the VPC,
 * in the group the cache admits, so testSecret can connect with the new password.
 */
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { rotate, type CacheSecret, type RotationEvent } from './rotation-steps.js';

const configSchema = z.object({
  /** rediss://host:port of the cache, without credentials. */
  CACHE_URL: z.string().regex(/^rediss?:\/\//, 'must be redis://host:port or rediss://host:port (TLS)'),
  /** The ElastiCache user id whose passwords rotate. */
  CACHE_USER_ID: z.string().min(1),
});

/** One connection as the secret's user, PING, closed: no retries, so a refused password fails at once. */
export async function pingCache(url: string, secret: CacheSecret): Promise<void> {
  const redis = new Redis(url, { username: secret.username, password: secret.password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5_000, enableReadyCheck: false });
  // ioredis reports a refused password as an 'error' event and the connect as "Connection is closed": keep the first.
  let refusal: Error | undefined;
  redis.on('error', (error: Error) => {
    refusal ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw refusal ?? error;
  } finally {
    redis.disconnect();
  }
}

let clients: { secrets: SecretsManagerClient; elasticache: ElastiCacheClient } | undefined;

export const handler = async (event: RotationEvent): Promise<void> => {
  const config = configSchema.parse(process.env);
  clients ??= { secrets: new SecretsManagerClient({}), elasticache: new ElastiCacheClient({}) };
  await rotate(event, { ...clients, userId: config.CACHE_USER_ID, ping: (secret) => pingCache(config.CACHE_URL, secret) });
};
