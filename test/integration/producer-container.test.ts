/**
 * The producer's container, as far as it can be run without a container runtime: the bundle the
 * image holds (producer/container/bundle.ts, the same function the CDK app calls), started with the
 * Dockerfile's own ENTRYPOINT and CMD and configured only by the environment the Fargate task gets
 * (producerTaskEnvironment, plus loopback endpoints for the local services). It follows a live index,
 * dead-letters to SQS with the oversized source in S3, checkpoints in DynamoDB, logs JSON with EMF
 * metrics, writes nothing to its working folder (the task's root filesystem is read-only) and, on
 * SIGTERM as ECS sends it, saves its position and exits 0.
 */
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { Client } from '@elastic/elasticsearch';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { createStream, readAllJson, waitForRecords } from '../../local/services/kinesis-streams.js';
import { localDynamoDbClient, localKinesisClient, localS3Client, localSqsClient } from '../../common/aws-clients.js';
import { bundleProducerImage, PRODUCER_BUNDLE } from '../../producer/container/bundle.js';
import { producerTaskEnvironment, TASK_CHECKPOINT_NAME } from '../../producer/container/task-environment.js';
import { DynamoDbCheckpointStore } from '../../producer/dynamodb-checkpoint-store.js';
import { indexDocuments, invalidDocuments, validDocuments } from '../support/click-documents.js';
import { drainDeadLetters } from '../support/dead-letter-queue.js';
import { uniqueName } from '../support/unique-name.js';

/** The JSON array of a Dockerfile instruction (`ENTRYPOINT [...]`, `CMD [...]`). */
function execForm(dockerfile: string, instruction: 'ENTRYPOINT' | 'CMD'): string[] {
  const line = dockerfile.split('\n').find((candidate) => candidate.startsWith(`${instruction} `));
  if (line === undefined) throw new Error(`the Dockerfile has no ${instruction}`);
  return JSON.parse(line.slice(instruction.length + 1)) as string[];
}

describe('producer container: the bundled producer run as the Fargate task runs it (real ES, Kinesis API, DynamoDB Local, ElasticMQ, S3Proxy)', () => {
  const services = inject('services');
  const elasticsearch = new Client({ node: services.elasticsearch.url, ...(services.elasticsearch.auth === undefined ? {} : { auth: services.elasticsearch.auth }) });
  const kinesis = localKinesisClient(services.kinesis);
  const sqs = localSqsClient(services.sqs);
  const s3 = localS3Client(services.s3);
  const dynamodb = localDynamoDbClient(services.dynamodb);
  const index = uniqueName('clickstream-container');
  const stream = uniqueName('raw-container');
  const bucket = uniqueName('container-payloads');
  const table = uniqueName('producer-checkpoints');
  let queueUrl = '';
  const imageDir = mkdtempSync(join(tmpdir(), 'producer-image-'));
  const workDir = mkdtempSync(join(tmpdir(), 'producer-task-cwd-'));

  beforeAll(async () => {
    await createClickIndex(elasticsearch, index);
    await createStream(kinesis, stream, 2);
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('producer-dlq') }))).QueueUrl ?? '';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  afterAll(async () => {
    await elasticsearch.indices.delete({ index, ignore_unavailable: true });
    await elasticsearch.close();
    for (const client of [kinesis, sqs, s3, dynamodb]) client.destroy();
  });

  it('follows the index, dead-letters, checkpoints and logs JSON, then stops on SIGTERM with exit 0 and its position saved', { timeout: 180_000 }, async () => {
    // Prepare: the image's file and command, the task's environment with local endpoints.
    const bundle = bundleProducerImage(imageDir);
    const dockerfile = readFileSync(join(imageDir, 'Dockerfile'), 'utf8');
    const [node, ...nodeArgs] = execForm(dockerfile, 'ENTRYPOINT');
    const command = execForm(dockerfile, 'CMD');
    expect(node).toBe('node');
    const args = [...nodeArgs.map((arg) => (arg === `/app/${PRODUCER_BUNDLE}` ? bundle : arg)), ...command];
    expect(args).toContain(bundle);
    const environment = {
      ...producerTaskEnvironment({
        elasticsearchUrl: services.elasticsearch.url,
        index,
        stream,
        region: services.kinesis.region,
        checkpointTable: table,
        deadLetterQueueUrl: queueUrl,
        payloadStore: `s3://${bucket}/producer/`,
        pageSize: 250,
        slices: 1,
        lanes: 4,
      }),
      // What only a local run adds: the emulators' addresses (their fixed credentials go with loopback endpoints).
      KINESIS_ENDPOINT: services.kinesis.endpoint,
      DYNAMODB_ENDPOINT: services.dynamodb.endpoint,
      SQS_ENDPOINT: services.sqs.endpoint,
      S3_ENDPOINT: services.s3.endpoint,
    };
    // A fresh task starts following "now": documents of the last seconds, then whatever arrives.
    const first = validDocuments(500, 25, Date.now() - 10_000, 'first');
    const invalid = invalidDocuments(Date.now() - 10_000);
    await indexDocuments(elasticsearch, index, [...first, ...invalid]);

    // Act
    const task = spawn(process.execPath, args, { cwd: workDir, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    task.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    task.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => {
      task.once('exit', resolve);
    });
    const firstSent = await waitForRecords(kinesis, stream, first.length, 60_000, 0);
    const second = validDocuments(300, 25, Date.now(), 'second');
    await indexDocuments(elasticsearch, index, second);
    await waitForRecords(kinesis, stream, first.length + second.length, 60_000, 2_000);
    task.kill('SIGTERM');
    const exitCode = await exited;
    const sent = (await readAllJson(kinesis, stream)).map((record) => String(record.event_id));
    const deadLetters = await drainDeadLetters(sqs, queueUrl);
    const checkpoint = await new DynamoDbCheckpointStore(dynamodb, table, TASK_CHECKPOINT_NAME).load();
    const logs = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

    // Assess
    expect(exitCode, `stderr: ${stderr}`).toBe(0);
    expect(firstSent.length).toBeGreaterThanOrEqual(first.length);
    expect(sent.sort()).toEqual([...first, ...second].map((document) => document.id).sort());
    expect(deadLetters.map((letter) => letter.id).sort()).toEqual(invalid.map((document) => document.id).sort());
    const oversized = deadLetters.find((letter) => letter.sourceLocation !== undefined);
    const key = /^s3:\/\/[^/]+\/(.+)$/.exec(oversized?.sourceLocation ?? '')?.[1] ?? 'missing';
    expect(key.startsWith('producer/')).toBe(true);
    const stored = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
    expect(JSON.parse(stored ?? 'null')).toEqual(invalid.find((document) => document.id === oversized?.id)?.source);
    expect(checkpoint?.counts.sent).toBe(first.length + second.length);
    const summary = logs.find((line) => line.message === 'summary');
    expect(summary).toMatchObject({ level: 'INFO', service: 'clickstream-producer', outcome: 'stopped', sent: first.length + second.length, deadLettered: invalid.length });
    expect(logs.some((line) => JSON.stringify(line._aws ?? null).includes('"Namespace":"Clickstream/Producer"'))).toBe(true);
    expect(readdirSync(workDir)).toEqual([]);
  });
});
