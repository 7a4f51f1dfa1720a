/**
 * Resolving the cache's address through the ElastiCache API, against aws-sdk-client-mock with the
 * service's response shapes: no local emulator of ElastiCache's serverless control plane exists.
 */
import { DescribeServerlessCachesCommand, ElastiCacheClient, ServerlessCacheNotFoundFault } from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { serverlessCacheUrl } from '../../../infra/deploy-jobs/cache-endpoint.js';

describe('the cache endpoint of jobs with Redis lookups', () => {
  const elasticache = mockClient(ElastiCacheClient);
  const client = new ElastiCacheClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const available = {
    ServerlessCacheName: 'clickstream-reference',
    Status: 'available',
    Engine: 'valkey',
    Endpoint: { Address: 'clickstream-reference-abc123.serverless.euw1.cache.amazonaws.com', Port: 6379 },
  };

  afterEach(() => {
    elasticache.reset();
  });

  it('is the TLS endpoint of the named serverless cache', async () => {
    elasticache.on(DescribeServerlessCachesCommand, { ServerlessCacheName: 'clickstream-reference' }).resolves({ ServerlessCaches: [available] });

    await expect(serverlessCacheUrl(client, 'clickstream-reference')).resolves.toBe('rediss://clickstream-reference-abc123.serverless.euw1.cache.amazonaws.com:6379');
  });

  it('is refused while the cache is still being created, naming it', async () => {
    elasticache.on(DescribeServerlessCachesCommand).resolves({ ServerlessCaches: [{ ...available, Status: 'creating', Endpoint: undefined }] });

    await expect(serverlessCacheUrl(client, 'clickstream-reference')).rejects.toThrow("the ElastiCache serverless cache 'clickstream-reference' is creating, not available");
  });

  it('says which cache is missing and what to check', async () => {
    elasticache.on(DescribeServerlessCachesCommand).rejects(new ServerlessCacheNotFoundFault({ message: 'Serverless cache clickstream-reference not found.', $metadata: {} }));

    await expect(serverlessCacheUrl(client, 'clickstream-reference')).rejects.toThrow(
      "cannot describe the ElastiCache serverless cache 'clickstream-reference' (ServerlessCacheNotFoundFault: Serverless cache clickstream-reference not found.); check --cache, the region and your AWS credentials",
    );
  });
});
