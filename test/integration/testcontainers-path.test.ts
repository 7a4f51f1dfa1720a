import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { localDynamoDbClient, localKinesisClient, localS3Client, localSecretsManagerClient, localSqsClient } from '../../common/aws-clients.js';
import { ContainerRuntimeUnavailableError } from '../../local/services/service-errors.js';
import { startServices } from '../../local/services/service-manager.js';
import { containerRuntimeProblem } from '../../local/services/testcontainers-backend.js';

/**
 * The testcontainers backend can only run where a container runtime is reachable. Where none is,
 * its smoke test is skipped with the reason printed (the local-process backend covers the same
 * services in the other integration tests), and what IS checked is that asking for it fails clearly.
 */
const runtimeProblem = await containerRuntimeProblem();
if (runtimeProblem !== undefined) {
  console.info(`[testcontainers] smoke test skipped: no container runtime reachable (${runtimeProblem}); the local-process backend covers these services.`);
}

async function withEnv<T>(name: string, value: string, body: () => Promise<T>): Promise<T> {
  const previous = process.env[name];
  process.env[name] = value;
  try {
    return await body();
  } finally {
    if (previous === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = previous;
  }
}

describe.runIf(runtimeProblem !== undefined)('USE_TESTCONTAINERS=1 on a machine without a container runtime', () => {
  it('fails with a message that names the problem and the way back to local processes', async () => {
    // Act
    const error: unknown = await withEnv('USE_TESTCONTAINERS', '1', () =>
      startServices({ services: ['redis'], log: () => undefined }).catch((caught: unknown) => caught),
    );

    // Assess
    expect(error).toBeInstanceOf(ContainerRuntimeUnavailableError);
    expect((error as Error).message).toMatch(/^USE_TESTCONTAINERS=1 was set, but no container runtime is reachable \(.+\)\./);
    expect((error as Error).message).toContain('unset USE_TESTCONTAINERS to run the services as local processes');
  });
});

describe.runIf(runtimeProblem === undefined)('testcontainers backend', () => {
  it('starts all seven services as containers behind the same endpoints interface', { timeout: 600_000 }, async () => {
    // Act
    const running = await withEnv('USE_TESTCONTAINERS', '1', () =>
      startServices({ services: ['elasticsearch', 'kinesis', 'dynamodb', 'redis', 'redis-cluster', 'sqs', 's3', 'secretsmanager'], log: console.info }),
    );
    try {
      const { elasticsearch, kinesis, dynamodb, redis, sqs, s3, secretsmanager } = running.endpoints;
      const auth = elasticsearch.auth === undefined ? '' : `${elasticsearch.auth.username}:${elasticsearch.auth.password}`;
      const health = (await (
        await fetch(`${elasticsearch.url}/_cluster/health`, { headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } })
      ).json()) as { status: string };
      const streams = await localKinesisClient(kinesis).send(new ListStreamsCommand({}));
      const tables = await localDynamoDbClient(dynamodb).send(new ListTablesCommand({}));
      const queues = await localSqsClient(sqs).send(new ListQueuesCommand({}));
      const buckets = await localS3Client(s3).send(new ListBucketsCommand({}));
      const secrets = await localSecretsManagerClient(secretsmanager).send(new ListSecretsCommand({}));
      const client = new Redis(redis.url);
      const pong = await client.ping();
      client.disconnect();

      // Assess
      expect(running.backend).toBe('testcontainers');
      expect(['green', 'yellow']).toContain(health.status);
      expect(streams.StreamNames).toBeDefined();
      expect(tables.TableNames).toBeDefined();
      expect(queues.$metadata.httpStatusCode).toBe(200);
      expect(buckets.$metadata.httpStatusCode).toBe(200);
      expect(secrets.SecretList).toBeDefined();
      expect(pong).toBe('PONG');
    } finally {
      await running.stop();
    }
  });
});
