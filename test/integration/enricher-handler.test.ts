/**
 * The enricher Lambda handler with real Kinesis-shaped batches (base64 data, sequence numbers,
 * arrival times, as the event source mapping delivers them), against the real model server, Redis,
 * DynamoDB Local, an SQS dead-letter queue (ElasticMQ) and the cache secret in Secrets Manager (moto).
 */
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { FastifyInstance } from 'fastify';
import { Cluster, Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enricherJobsEnvironment, writingJobsOf, type EnricherJobsEnvironment } from '../../infra/enricher-environment.js';
import { compileAll } from '../../sql/compiler/compile-all.js';
import { GOLDEN_TARGETS } from '../support/golden-targets.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { createHandler } from '../../enricher/handler.js';
import { enricherConfigFromEnv } from '../../enricher/enricher-config.js';
import { enricherDependencies } from '../../enricher/enricher-dependencies.js';
import type { FeatureRow } from '../../enricher/feature-row.js';
import { ensurePredictionsTable } from '../../enricher/prediction-writer.js';
import { freeLoopbackPort } from '../../local/services/free-port.js';
import { killProcessGroupNow } from '../../common/process/managed-process.js';
import { localDynamoDbClient, localSecretsManagerClient, localSqsClient } from '../../common/aws-clients.js';
import { seedReferenceData } from '../../local/reference-data.js';
import { loadModel, trainClickAnomalyModel, type ClickAnomalyModel } from '../../model/click-anomaly-model.js';
import { featureVector } from '../../model/features.js';
import { buildModelServer } from '../../model/model-server.js';
import { drainDeadLetters } from '../support/dead-letter-queue.js';
import { startOwnRedis } from '../support/own-redis-server.js';
import { uniqueName } from '../support/unique-name.js';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/features';
const ARRIVAL = Date.UTC(2026, 10, 23, 12, 0, 0);

function row(index: number, zip: string | null = '10001', ip = '10.1.3.77'): FeatureRow {
  return {
    user_id: `user-${index % 5}`,
    feature_set: 'user-activity.v1',
    event_id: `${uniqueName('event')}-${index}`,
    event_type: 'view',
    url: `/p/${index}`,
    ip,
    zip,
    price: index % 3 === 0 ? 25 : null,
    event_time: new Date(ARRIVAL - 2000).toISOString(),
    hour_of_day: 14,
    day_of_week: 3,
    event_count_1h: index % 4 === 0 ? 900 : 5,
    url_count_distinct_1h: index % 4 === 0 ? 700 : 4,
    price_avg_1h: index % 3 === 0 ? 25 : null,
    price_zscore_1h: null,
  };
}

/** A record as the Kinesis event source mapping hands it to Lambda. */
function kinesisRecord(data: string, sequence: number): KinesisStreamRecord {
  return {
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${String(sequence).padStart(56, '0')}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/enricher',
    awsRegion: 'us-east-1',
    eventSourceARN: STREAM_ARN,
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'user',
      sequenceNumber: String(sequence).padStart(56, '0'),
      data: Buffer.from(data).toString('base64'),
      approximateArrivalTimestamp: ARRIVAL / 1000,
    },
  };
}

const context = { functionName: 'enricher', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

describe('enricher handler (real model server, Redis, DynamoDB Local, ElasticMQ)', () => {
  const services = inject('services');
  const table = uniqueName('predictions');
  const queue = uniqueName('enricher-dlq');
  const dynamodb = localDynamoDbClient(services.dynamodb);
  const documents = DynamoDBDocumentClient.from(dynamodb);
  const sqs = localSqsClient(services.sqs);
  let queueUrl = '';
  let model: ClickAnomalyModel;
  let server: FastifyInstance | undefined;
  let port: number;

  const startModelServer = async () => {
    server = buildModelServer(model);
    await server.listen({ port, host: '127.0.0.1' });
  };

  /** The handler's environment against the local services and this suite's model server, table and queue. */
  const configFor = (redisUrl: string, extra: Record<string, string> = {}) =>
    enricherConfigFromEnv({
      PREDICTIONS_TABLE: table,
      REDIS_URL: redisUrl,
      ML_ENDPOINT: `http://127.0.0.1:${port}`,
      DEAD_LETTER_QUEUE: queue,
      DYNAMODB_ENDPOINT: services.dynamodb.endpoint,
      SQS_ENDPOINT: services.sqs.endpoint,
      AWS_REGION: services.dynamodb.region,
      DEAD_LETTER_PAYLOADS: `file:${join('/tmp', table)}`,
      ...(jobsEnvironment ?? {}),
      ...extra,
    });

  // What the enricher learns from the compiled jobs (every feature set on the features stream, the key prefixes); set in beforeAll.
  let jobsEnvironment: EnricherJobsEnvironment | undefined;
  // Lookup budgets here are far above a loaded machine's Redis round trip: a test expecting 'fresh' must not see a
  // budget run out (it did on CI at the default 20 ms); the tests of Redis failing kill it or refuse it instead.
  const handler = createHandler(() => enricherDependencies(configFor(services.redis.url, { LOOKUP_BUDGET_MS: '5000' })));

  beforeAll(async () => {
    jobsEnvironment = enricherJobsEnvironment(writingJobsOf((await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target: GOLDEN_TARGETS.local })).manifest));
    model = loadModel(trainClickAnomalyModel({ samples: 1500, holdout: 300, seed: 42, trees: 8, maxDepth: 6 }));
    port = await freeLoopbackPort();
    await startModelServer();
    await ensurePredictionsTable(dynamodb, table);
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: queue }))).QueueUrl ?? '';
    const redis = new Redis(services.redis.url);
    await seedReferenceData(redis);
    redis.disconnect();
  });

  afterAll(async () => {
    await server?.close();
    documents.destroy();
    sqs.destroy();
  });

  it('scores a batch, writes one item per row with reference data, skips rows of other jobs, dead-letters malformed records; the batch succeeds', async () => {
    // Prepare
    const rows = [...Array.from({ length: 20 }, (_, index) => row(index)), row(20, '99999', '172.16.5.9'), row(21, null, 'unknown')];
    // A misspelt feature set is a broken row, not another job's.
    const malformed = ['{"not": "a feature row"}', 'not json at all', JSON.stringify({ ...row(30), feature_set: 'user-activty.v1' })];
    const otherJobsRows = [JSON.stringify({ feature_set: 'url-traffic.v1', url: '/cart', window_start: '2026-11-23T10:00:00Z', clicks: 12 }), JSON.stringify({ ...row(40), feature_set: 'price-anomaly.v1' })];
    const event: KinesisStreamEvent = {
      Records: [
        ...rows.map((item, index) => kinesisRecord(JSON.stringify(item), index + 1)),
        ...malformed.map((text, index) => kinesisRecord(text, 100 + index)),
        ...otherJobsRows.map((text, index) => kinesisRecord(text, 200 + index)),
      ],
    };

    // Act
    const response = await handler(event, context);
    const items = (await documents.send(new ScanCommand({ TableName: table }))).Items ?? [];
    const letters = await drainDeadLetters(sqs, queueUrl);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(items).toHaveLength(rows.length);
    const expectedScores = model.predict(rows.map((item) => featureVector(item)));
    for (const [index, item] of rows.entries()) {
      const stored = items.find((candidate) => candidate.sk === item.event_id);
      expect(stored, item.event_id).toMatchObject({ pk: `user-activity.v1#${item.user_id}`, model_name: 'click-anomaly', model_version: model.version, probability: expectedScores[index], features: item });
      expect(stored?.expires_at).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
    }
    // reference/zip-codes.jsonl and reference/ip-networks.jsonl: 10001 is New York; 10.1.3.0/24 is Tailspin Telecom's.
    expect(items.find((item) => item.sk === rows[0]?.event_id)?.reference).toEqual({
      zip: { status: 'fresh', value: { zip: '10001', city: 'New York', state: 'NY', median_income: 72000, population_density: 13000.5 } },
      ip_network: { status: 'fresh', value: { network: '10.1.3.0/24', asn: 64515, org: 'Tailspin Telecom', country: 'US', kind: 'residential' } },
    });
    expect(items.find((item) => item.sk === rows[20]?.event_id)?.reference).toEqual({ zip: { status: 'missing', reason: 'not in the reference data' }, ip_network: { status: 'missing', reason: 'not in the reference data' } });
    // No zip and an address that is not one: nothing to look up.
    expect(items.find((item) => item.sk === rows[21]?.event_id)?.reference).toEqual({ zip: { status: 'none' }, ip_network: { status: 'none' } });
    expect(letters.map((letter) => letter.id).sort()).toEqual(['100', '101', '102'].map((sequence) => sequence.padStart(56, '0')));
    expect(letters.every((letter) => letter.stage === 'enricher')).toBe(true);
    expect(letters.find((letter) => letter.id.endsWith('101'))?.reason).toBe('invalid feature row: not JSON');
    expect(letters.find((letter) => letter.id.endsWith('102'))?.reason).toBe("invalid feature row: feature_set: must be 'user-activity.v1'");
    expect(letters.find((letter) => letter.id.endsWith('100'))?.reason).toMatch(/^invalid feature row: user_id: .*; feature_set: /);

    // The same batch delivered again (a Lambda retry) leaves no duplicates.
    await handler(event, context);
    expect((await documents.send(new ScanCommand({ TableName: table }))).Items).toHaveLength(rows.length);
    expect(await drainDeadLetters(sqs, queueUrl)).toHaveLength(3);
  });

  it('on a Redis Cluster (REDIS_MODE=cluster, as ElastiCache Serverless): reference keys on different nodes all answer fresh; a standalone client there fails visibly (redisError on each lookup), never as absent data', async () => {
    // Prepare
    const cluster = new Cluster(services['redis-cluster'].nodes.map((node) => ({ host: node.host, port: node.port })));
    await seedReferenceData(cluster);
    cluster.disconnect();
    const rows = ['10001', '73301', '02108', '60614'].map((zip, index) => ({ ...row(300 + index), zip }));
    const event: KinesisStreamEvent = { Records: rows.map((item, index) => kinesisRecord(JSON.stringify(item), 300 + index)) };
    const clustered = createHandler(() => enricherDependencies(configFor(services['redis-cluster'].url, { REDIS_MODE: 'cluster', LOOKUP_BUDGET_MS: '5000' })));
    const standalone = createHandler(() => enricherDependencies(configFor(services['redis-cluster'].url, { REDIS_MODE: 'standalone', LOOKUP_BUDGET_MS: '5000' })));

    // Act
    await clustered(event, context);
    const onCluster = (await documents.send(new ScanCommand({ TableName: table }))).Items ?? [];
    await standalone({ Records: rows.map((item, index) => kinesisRecord(JSON.stringify({ ...item, event_id: `${item.event_id}-standalone` }), 400 + index)) }, context);
    const all = (await documents.send(new ScanCommand({ TableName: table }))).Items ?? [];

    // Assess
    for (const item of rows) {
      expect(onCluster.find((candidate) => candidate.sk === item.event_id)?.reference, item.zip).toMatchObject({ zip: { status: 'fresh', value: { zip: item.zip } } });
      expect(all.find((candidate) => candidate.sk === `${item.event_id}-standalone`)?.reference, item.zip).toMatchObject({ zip: { status: 'missing', redisError: expect.stringMatching(/CROSSSLOT|MOVED/) as unknown } });
    }
  });

  it('with the ML API down, reports every scorable record for retry; once it is back the retried batch succeeds', async () => {
    // Prepare
    const rows = Array.from({ length: 5 }, (_, index) => row(200 + index));
    const event: KinesisStreamEvent = { Records: rows.map((item, index) => kinesisRecord(JSON.stringify(item), 500 + index)) };
    await server?.close();

    // Act
    const whileDown = await handler(event, context);
    await startModelServer();
    // The breaker may have opened; it lets a call through again after its half-open delay (5 s).
    let afterRecovery = await handler(event, context);
    for (let attempt = 0; attempt < 20 && afterRecovery.batchItemFailures.length > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      afterRecovery = await handler(event, context);
    }
    const stored = await Promise.all(
      rows.map(async (item) => (await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': `user-activity.v1#${item.user_id}`, ':sk': item.event_id } }))).Items ?? []),
    );

    // Assess
    expect(whileDown.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(event.Records.map((record) => record.kinesis.sequenceNumber));
    expect(afterRecovery).toEqual({ batchItemFailures: [] });
    expect(stored.map((items) => items.length)).toEqual([1, 1, 1, 1, 1]);
  });
  it('with Redis killed mid-test: the batch still succeeds, scored with the cached reference data, flagged as cached', async () => {
    // Prepare: a handler on a redis-server of its own, which this test kills.
    const folder = mkdtempSync(join(tmpdir(), 'enricher-redis-'));
    const redisPort = await freeLoopbackPort();
    const ownRedis = await startOwnRedis(redisPort, folder);
    const seeding = new Redis({ port: redisPort, host: '127.0.0.1' });
    await seedReferenceData(seeding);
    seeding.disconnect();
    const ownHandler = createHandler(() => enricherDependencies(configFor(`redis://127.0.0.1:${String(redisPort)}`, { LOOKUP_BUDGET_MS: '5000' })));
    const before = [row(300, '10001'), row(301, '94103')];
    const after = [row(302, '10001'), row(303, '60614')];
    const batch = (rows: FeatureRow[], first: number): KinesisStreamEvent => ({ Records: rows.map((item, index) => kinesisRecord(JSON.stringify(item), first + index)) });

    // Act
    const whileUp = await ownHandler(batch(before, 700), context);
    killProcessGroupNow(ownRedis.pid);
    await ownRedis.exited;
    const whileDown = await ownHandler(batch(after, 710), context);
    const stored = async (item: FeatureRow) => (await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': `user-activity.v1#${item.user_id}`, ':sk': item.event_id } }))).Items?.[0];

    // Assess: 10001 was answered before the kill, so the cache has it; 60614 never was.
    expect(whileUp).toEqual({ batchItemFailures: [] });
    expect(whileDown).toEqual({ batchItemFailures: [] });
    expect((await stored(before[0] ?? row(0)))?.reference).toMatchObject({ zip: { status: 'fresh' } });
    expect((await stored(after[0] ?? row(0)))?.reference).toMatchObject({
      zip: { status: 'cached', value: { zip: '10001', city: 'New York' }, reason: expect.stringMatching(/^Redis unavailable/) as unknown },
      ip_network: { status: 'cached', value: { network: '10.1.3.0/24' } },
    });
    expect((await stored(after[1] ?? row(0)))?.reference).toMatchObject({ zip: { status: 'missing', reason: expect.stringMatching(/^Redis unavailable .* and not cached$/) as unknown } });
  });
  it('authenticates to the cache as the user in its Secrets Manager secret, reads it again after a rotation, and without it gets nothing', async () => {
    // Prepare: a redis-server whose only user is `pipeline` (the default user is off), as the CDK app sets up Valkey.
    const folder = mkdtempSync(join(tmpdir(), 'enricher-acl-'));
    const redisPort = await freeLoopbackPort();
    const auth = { username: 'pipeline', password: 'a-long-generated-password' };
    const aclRedis = await startOwnRedis(redisPort, folder, { args: ['--user', 'pipeline', 'on', `>${auth.password}`, '~*', '+@all', '--user', 'default', 'off'], auth });
    const seeding = new Redis({ port: redisPort, host: '127.0.0.1', ...auth });
    await seedReferenceData(seeding);
    seeding.disconnect();
    // The secret in the local Secrets Manager (moto), read by Powertools Parameters as in Lambda.
    const secrets = localSecretsManagerClient(services.secretsmanager);
    const { ARN: secretArn = '' } = await secrets.send(new CreateSecretCommand({ Name: uniqueName('cache-password'), SecretString: JSON.stringify(auth) }));
    const config = (withSecret: boolean) =>
      configFor(`redis://127.0.0.1:${String(redisPort)}`, { LOOKUP_BUDGET_MS: '5000', ...(withSecret ? { REDIS_AUTH_SECRET_ARN: secretArn, SECRETS_MANAGER_ENDPOINT: services.secretsmanager.endpoint } : {}) });
    const withSecret = createHandler(() => enricherDependencies(config(true)));
    const withoutSecret = createHandler(() => enricherDependencies(config(false)));
    const [authenticated, anonymous] = [row(400, '10001'), row(401, '10001')];
    /** Rotation as a rotation function does it: a new password on the user and in the secret; then the server drops the user's connections. */
    const rotate = async (password: string) => {
      const admin = new Redis({ port: redisPort, host: '127.0.0.1', ...auth });
      await admin.call('ACL', 'SETUSER', 'pipeline', 'resetpass', `>${password}`);
      await secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify({ ...auth, password }) }));
      await admin.call('CLIENT', 'KILL', 'USER', 'pipeline');
      admin.disconnect();
    };
    /** Batches of one row with a zip not looked up before, until its reference data is fresh again (the cache answered). */
    const freshAfterRotation = async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const item = row(410 + attempt, attempt % 2 === 0 ? '60614' : '94103');
        await withSecret({ Records: [kinesisRecord(JSON.stringify(item), 810 + attempt)] }, context);
        const status = ((await stored(item))?.reference as { zip?: { status?: string } } | undefined)?.zip?.status;
        if (status === 'fresh') return attempt;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return undefined;
    };
    const stored = async (item: FeatureRow) => (await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': `user-activity.v1#${item.user_id}`, ':sk': item.event_id } }))).Items?.[0];

    try {
      // Act
      const responses = [await withSecret({ Records: [kinesisRecord(JSON.stringify(authenticated), 800)] }, context), await withoutSecret({ Records: [kinesisRecord(JSON.stringify(anonymous), 801)] }, context)];
      const authenticatedReference: unknown = (await stored(authenticated))?.reference;
      await rotate('the-rotated-password');
      const attemptsAfterRotation = await freshAfterRotation();

      // Assess
      expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
      expect(authenticatedReference).toMatchObject({ zip: { status: 'fresh', value: { city: 'New York' } } });
      // The old connection is gone and the old password refused: fresh data again means the new one was read.
      expect(attemptsAfterRotation, 'batches until the cache answered with the rotated password').toBeDefined();
      expect((await stored(anonymous))?.reference).toMatchObject({ zip: { status: 'missing', reason: expect.stringMatching(/^Redis unavailable .*(NOAUTH|NOPERM|WRONGPASS|Authentication)/i) as unknown } });
    } finally {
      await aclRedis.stop(2_000);
      secrets.destroy();
    }
  });
});
