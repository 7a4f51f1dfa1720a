/**
 * The cache's address for jobs with Redis lookups, from the ElastiCache API: the serverless cache the
 * CDK app creates (`<name>-reference`) answers with its TLS endpoint once it is available. compile-jobs
 * calls this for `--target aws --cache <name>`, so nobody copies an endpoint by hand.
 */
import { DescribeServerlessCachesCommand, type ElastiCacheClient, type ServerlessCache } from '@aws-sdk/client-elasticache';
import { InfraError } from '../infra-error.js';

export class CacheEndpointError extends InfraError {
  override readonly name = 'CacheEndpointError';
}

/** `rediss://address:port` of the serverless cache `name`; throws, naming the cache, when it cannot be used. */
export async function serverlessCacheUrl(client: ElastiCacheClient, name: string): Promise<string> {
  let caches: ServerlessCache[];
  try {
    ({ ServerlessCaches: caches = [] } = await client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: name })));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new CacheEndpointError(`cannot describe the ElastiCache serverless cache '${name}' (${reason}); check --cache, the region and your AWS credentials`, { cause: error });
  }
  const cache = caches.find((candidate) => candidate.ServerlessCacheName === name);
  if (cache === undefined) throw new CacheEndpointError(`there is no ElastiCache serverless cache named '${name}' in this region`);
  if (cache.Status !== 'available') throw new CacheEndpointError(`the ElastiCache serverless cache '${name}' is ${String(cache.Status)}, not available; deploy the data stack and wait until it is`);
  const address = cache.Endpoint?.Address;
  const port = cache.Endpoint?.Port;
  if (address === undefined || port === undefined) throw new CacheEndpointError(`the ElastiCache serverless cache '${name}' has no endpoint yet`);
  // Serverless caches accept TLS only.
  return `rediss://${address}:${String(port)}`;
}
