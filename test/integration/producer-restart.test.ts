/**
 * The producer CLI as a process: killed with SIGKILL mid-run and restarted, it loses nothing and
 * re-sends at most the page in flight; stopped with SIGTERM, it finishes its page, saves the
 * position and exits 0, and the restart re-sends nothing. Positions live in DynamoDB Local.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Client } from '@elastic/elasticsearch';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { createStream, readAllJson } from '../../local/services/kinesis-streams.js';
import { localDynamoDbClient, localKinesisClient } from '../../common/aws-clients.js';
import { killProcessGroupNow, ManagedProcess } from '../../common/process/managed-process.js';
import type { Checkpoint } from '../../producer/checkpoint.js';
import { ensureCheckpointTable } from '../../producer/dynamodb-checkpoint-store.js';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { BASE_TIME, indexDocuments, validDocuments } from '../support/click-documents.js';
import { uniqueName } from '../support/unique-name.js';

const PAGE_SIZE = 100;
const DOCUMENTS = 4000;

describe('producer CLI: kill -9 and SIGTERM mid-run (real ES, Kinesis API, DynamoDB Local)', () => {
  const services = inject('services');
  const elasticsearch = new Client({ node: services.elasticsearch.url, ...(services.elasticsearch.auth === undefined ? {} : { auth: services.elasticsearch.auth }) });
  const kinesis = localKinesisClient(services.kinesis);
  const dynamodb = localDynamoDbClient(services.dynamodb);
  const index = uniqueName('clickstream-restart');
  const table = uniqueName('producer-checkpoints');
  const documents = validDocuments(DOCUMENTS, 80);
  const folder = mkdtempSync(join(tmpdir(), 'producer-restart-'));
  const processes: ManagedProcess[] = [];

  beforeAll(async () => {
    await createClickIndex(elasticsearch, index);
    await indexDocuments(elasticsearch, index, documents);
    await ensureCheckpointTable(dynamodb, table);
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop(2_000)));
    await elasticsearch.indices.delete({ index, ignore_unavailable: true });
    await elasticsearch.close();
    kinesis.destroy();
    dynamodb.destroy();
  });

  function startProducer(stream: string, checkpointName: string, run: string): ManagedProcess {
    const producer = ManagedProcess.start({
      name: 'producer',
      command: join(REPO_ROOT, 'node_modules/.bin/tsx'),
      args: [
        'producer/cli.ts',
        'backfill',
        '--es-url', services.elasticsearch.url,
        '--index', index,
        '--stream', stream,
        '--dead-letter', `kinesis:${stream}-dlq`,
        '--kinesis-endpoint', services.kinesis.endpoint,
        '--dynamodb-endpoint', services.dynamodb.endpoint,
        '--region', services.kinesis.region,
        '--checkpoint', `dynamodb:${table}/${checkpointName}`,
        '--page-size', String(PAGE_SIZE),
        '--from', String(BASE_TIME),
        '--to', String(BASE_TIME + 3_600_000),
      ],
      cwd: REPO_ROOT,
      logPath: join(folder, `${run}.log`),
    });
    processes.push(producer);
    return producer;
  }

  async function savedCheckpoint(name: string): Promise<Checkpoint | undefined> {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { name: { S: name } }, ConsistentRead: true }));
    return Item?.checkpoint?.S === undefined ? undefined : (JSON.parse(Item.checkpoint.S) as Checkpoint);
  }

  async function waitUntilSent(name: string, producer: ManagedProcess, atLeast: number): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (((await savedCheckpoint(name))?.counts.sent ?? 0) < atLeast) {
      if (producer.hasExited) throw new Error(`the producer ended before sending ${atLeast} (${producer.exitDescription}):\n${producer.logTail(20)}`);
      if (Date.now() > deadline) throw new Error(`the producer did not send ${atLeast} within 90 s:\n${producer.logTail(20)}`);
      await sleep(50);
    }
  }

  async function finish(producer: ManagedProcess): Promise<void> {
    const exit = await Promise.race([producer.exited, sleep(120_000).then(() => undefined)]);
    expect(exit, `producer log:\n${producer.logTail(20)}`).toEqual({ code: 0, signal: null });
  }

  it('after kill -9 and a restart, every document is on the stream; re-sent ones are at most the page in flight', async () => {
    // Prepare
    const stream = uniqueName('raw-kill');
    await Promise.all([createStream(kinesis, stream, 2), createStream(kinesis, `${stream}-dlq`)]);
    const first = startProducer(stream, 'kill', 'kill-first');
    await waitUntilSent('kill', first, 1000);

    // Act
    killProcessGroupNow(first.pid);
    await first.exited;
    const positionAtKill = await savedCheckpoint('kill');
    const second = startProducer(stream, 'kill', 'kill-second');
    await finish(second);

    // Assess
    expect(positionAtKill?.phase).toBe('range');
    expect(positionAtKill?.counts.sent).toBeLessThan(DOCUMENTS);
    const ids = (await readAllJson(kinesis, stream)).map((record) => String(record.event_id));
    const unique = new Set(ids);
    expect([...unique].sort()).toEqual(documents.map((document) => document.id).sort());
    const resent = ids.length - unique.size;
    console.log(`kill -9 after ${String(positionAtKill?.counts.sent)} sent: ${resent} records sent twice (page size ${PAGE_SIZE})`);
    expect(resent).toBeLessThanOrEqual(PAGE_SIZE);
    expect((await savedCheckpoint('kill'))?.phase).toBe('done');
  });

  it('on SIGTERM it finishes the page, saves the position and exits 0; the restart sends each document exactly once', async () => {
    // Prepare
    const stream = uniqueName('raw-term');
    await Promise.all([createStream(kinesis, stream, 2), createStream(kinesis, `${stream}-dlq`)]);
    const first = startProducer(stream, 'term', 'term-first');
    await waitUntilSent('term', first, 1000);

    // Act
    process.kill(first.pid, 'SIGTERM');
    await finish(first);
    const positionAtStop = await savedCheckpoint('term');
    const second = startProducer(stream, 'term', 'term-second');
    await finish(second);

    // Assess
    expect(first.logTail(5)).toMatch(/stopped: read \d+, sent \d+/);
    expect(positionAtStop?.counts.sent).toBeLessThan(DOCUMENTS);
    const ids = (await readAllJson(kinesis, stream)).map((record) => String(record.event_id));
    expect(ids).toHaveLength(DOCUMENTS);
    expect(new Set(ids).size).toBe(DOCUMENTS);
    expect(second.logTail(5)).toMatch(/done: read \d+, sent \d+/);
  });
});
