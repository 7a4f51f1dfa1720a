/**
 * The cache user's credentials: read from its Secrets Manager secret with Powertools Parameters, and read
 * again when the cache refuses the password (after a rotation), so the next reconnect sends the new one.
 */
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { awsClientConfig } from '../common/aws-clients.js';
import { formatZodIssues } from '../common/zod-issues.js';
import type { CacheClient } from './cache-client.js';
import type { EnricherConfig } from './enricher-config.js';

const cacheCredentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });
export type CacheCredentials = z.infer<typeof cacheCredentialsSchema>;

/** Reads the cache user's secret (`fresh`: past Powertools' cache) with Powertools Parameters. */
export type CacheCredentialsSource = (secretArn: string, fresh: boolean) => Promise<CacheCredentials>;

export function secretsManagerCredentials(config: EnricherConfig): CacheCredentialsSource {
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(awsClientConfig(config.AWS_REGION, config.SECRETS_MANAGER_ENDPOINT)) });
  return async (secretArn, fresh) => {
    const parsed = cacheCredentialsSchema.safeParse(await provider.get(secretArn, { transform: 'json', forceFetch: fresh }));
    if (!parsed.success) throw new Error(`the cache secret ${secretArn} must be JSON {"username", "password"}: ${formatZodIssues(parsed.error.issues)}`);
    return parsed.data;
  };
}

/** The cache refused the user's password: after a rotation, a reconnect still sends the old one. */
function isAuthenticationError(error: Error): boolean {
  return /^(WRONGPASS|NOAUTH)\b/.test(error.message);
}

/**
 * Watches the connection's errors (always: a client without an error listener logs each as unhandled). A refused
 * password means the secret was rotated, so with a secret it is read again (once at a time).
 */
export function watchCacheErrors(cache: Pick<CacheClient, 'onError' | 'setCredentials'>, secretArn: string | undefined, cacheCredentials: CacheCredentialsSource): void {
  let refreshing = false;
  cache.onError((error: Error) => {
    // Outages are handled per batch (the cache answers); the connection reconnects by itself. A
    // refused password means the secret was rotated: read it again, and the next reconnect uses it.
    if (secretArn === undefined || refreshing || !isAuthenticationError(error)) return;
    refreshing = true;
    cacheCredentials(secretArn, true)
      .then((fresh) => {
        cache.setCredentials(fresh);
      })
      .catch(() => undefined)
      .finally(() => {
        refreshing = false;
      });
  });
}
