import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { Client } from '@elastic/elasticsearch';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStream, readAllJson } from '../../local/services/kinesis-streams.js';
import { localKinesisClient, localS3Client, localSqsClient } from '../../common/aws-clients.js';
import type { ClickEvent } from '../../producer/click-event.js';
import { resolveConfig } from '../../producer/config.js';
import { buildProducer } from '../../producer/create-producer.js';
import { readPages, type ReadRange } from '../../producer/es-reader.js';
import { backfill, SENT_AT_FIELD } from '../../producer/producer.js';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { BASE_TIME, indexDocuments, invalidDocuments, validDocuments, type ValidDocument } from '../support/click-documents.js';
import { drainDeadLetters } from '../support/dead-letter-queue.js';
import { uniqueName } from '../support/unique-name.js';

/** Stream order per user must follow event time: the session features depend on it. */
function expectPerUserOrder(events: readonly ClickEvent[]): void {
  const byUser = new Map<string, number[]>();
  for (const event of events) byUser.set(event.user_id, [...(byUser.get(event.user_id) ?? []), event.ts]);
  for (const [user, times] of byUser) expect(times, `order of ${user}`).toEqual([...times].sort((a, b) => a - b));
}

describe('producer backfill: Elasticsearch -> Kinesis, dead letters to SQS and S3 (real ES, Kinesis API, ElasticMQ, S3Proxy)', () => {
  const services = inject('services');
  const elasticsearch = new Client({ node: services.elasticsearch.url, ...(services.elasticsearch.auth === undefined ? {} : { auth: services.elasticsearch.auth }) });
  const kinesis = localKinesisClient(services.kinesis);
  const index = uniqueName('clickstream-backfill');
  const sqs = localSqsClient(services.sqs);
  const s3 = localS3Client(services.s3);
  const payloadBucket = uniqueName('payloads');
  const streams = { raw: uniqueName('raw') };
  const deadLetterQueue = uniqueName('producer-dlq');
  let deadLetterQueueUrl = '';
  const valid: ValidDocument[] = validDocuments(3000, 60);
  // Valid except that it has no @timestamp: only the sweep after the range can find it.
  const withoutSortField = Object.fromEntries(Object.entries(valid[0]?.source ?? {}).filter(([field]) => field !== '@timestamp'));
  const sweptValid: ValidDocument = {
    id: 'swept-valid',
    source: { ...withoutSortField, event_id: 'swept-valid' },
    expected: { ...(valid[0]?.expected as ClickEvent), event_id: 'swept-valid' },
  };
  const invalid = invalidDocuments();
  const folder = mkdtempSync(join(tmpdir(), 'producer-backfill-'));

  beforeAll(async () => {
    await createClickIndex(elasticsearch, index);
    // Indexed out of order: the producer's order must come from the sort, not from indexing.
    await indexDocuments(elasticsearch, index, [...valid].reverse());
    await indexDocuments(elasticsearch, index, [...invalid, sweptValid]);
    await createStream(kinesis, streams.raw, 2);
    deadLetterQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: deadLetterQueue }))).QueueUrl ?? '';
    await s3.send(new CreateBucketCommand({ Bucket: payloadBucket }));
  });

  afterAll(async () => {
    await elasticsearch.indices.delete({ index, ignore_unavailable: true });
    await elasticsearch.close();
    kinesis.destroy();
    sqs.destroy();
    s3.destroy();
  });

  /** The object behind a dead letter's `sourceLocation` (s3://bucket/key). */
  async function readS3Object(location: string | undefined): Promise<string> {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location ?? '');
    if (match?.[1] === undefined || match[2] === undefined) throw new Error(`not an S3 location: ${String(location)}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
    return (await object.Body?.transformToString()) ?? '';
  }

  it('sends every valid document once, in per-user order, and dead-letters every invalid one with its reason (an oversized one to S3)', async () => {
    // Prepare
    const config = resolveConfig(
      {
        'es-url': services.elasticsearch.url,
        index,
        stream: streams.raw,
        'dead-letter': `sqs:${deadLetterQueue}`,
        'kinesis-endpoint': services.kinesis.endpoint,
        'sqs-endpoint': services.sqs.endpoint,
        'page-size': '250',
        'payload-store': `s3://${payloadBucket}/producer/dead-letters`,
        's3-endpoint': services.s3.endpoint,
        checkpoint: `file:${join(folder, 'checkpoint.json')}`,
      },
      {},
    );
    const built = await buildProducer(config, join(folder, 'unused.json'));

    // Act
    const before = Date.now();
    const summary = await backfill(built.parts, { from: BASE_TIME - 60_000, to: BASE_TIME + 3_600_000 });
    const again = await backfill(built.parts, { from: BASE_TIME - 60_000, to: BASE_TIME + 3_600_000 });
    const after = Date.now();
    await built.close();
    const records = await readAllJson(kinesis, streams.raw);
    const sent = records.map((record) => Object.fromEntries(Object.entries(record).filter(([field]) => field !== SENT_AT_FIELD))) as unknown as ClickEvent[];
    const deadLetters = await drainDeadLetters(sqs, deadLetterQueueUrl);

    // Assess
    const expected = [...valid, sweptValid];
    expect(sent).toHaveLength(expected.length);
    expect(new Map(sent.map((event) => [event.event_id, event]))).toEqual(new Map(expected.map((document) => [document.id, document.expected])));
    expectPerUserOrder(sent.filter((event) => event.event_id !== 'swept-valid'));
    expect(Object.keys(records[0] ?? {})).toEqual(['event_id', 'user_id', 'session_id', 'event_type', 'url', 'referrer', 'ip', 'zip', 'user_agent', 'price', 'ts', SENT_AT_FIELD]);
    // Each record says when the producer sent it: during this run.
    const sentAts = records.map((record) => record[SENT_AT_FIELD]);
    expect(sentAts.every((sentAt) => typeof sentAt === 'number' && sentAt >= before && sentAt <= after)).toBe(true);

    expect(deadLetters.map((letter) => letter.id).sort()).toEqual(invalid.map((document) => document.id).sort());
    for (const document of invalid) {
      const letter = deadLetters.find((candidate) => candidate.id === document.id);
      expect(letter?.reason, document.id).toContain(document.reason);
      expect(letter?.index).toBe(index);
      const source = letter?.source ?? (await readS3Object(letter?.sourceLocation));
      expect(JSON.parse(source), `raw source of ${document.id}`).toEqual(document.source);
    }
    expect(deadLetters.filter((letter) => letter.sourceLocation !== undefined).map((letter) => letter.sourceLocation)).toEqual([
      expect.stringMatching(new RegExp(`^s3://${payloadBucket}/producer/dead-letters/${index}-bad-7-[0-9a-f]{12}\\.json$`)),
    ]);

    expect(summary).toMatchObject({ outcome: 'done', counts: { read: expected.length + invalid.length, sent: expected.length, deadLettered: invalid.length } });
    expect(again.outcome).toBe('already-done');
  });

  it('reads the same documents in the same order with sliced parallel searches', async () => {
    // Prepare
    const read = { index, sortField: '@timestamp', pageSize: 97 };
    const idsOf = async (slices: number, range: ReadRange) => {
      const ids: string[] = [];
      for await (const page of readPages(elasticsearch, { ...read, slices }, range)) ids.push(...page.map((document) => document.id));
      return ids;
    };

    // Act
    const unsliced = await idsOf(1, { kind: 'range', from: BASE_TIME - 60_000 });
    const sliced = await idsOf(3, { kind: 'range', from: BASE_TIME - 60_000 });
    const sweptSliced = await idsOf(2, { kind: 'without-sort-field' });

    // Assess
    expect(unsliced).toHaveLength(valid.length + invalid.length - 2);
    expect(sliced).toEqual(unsliced);
    expect(sweptSliced.sort()).toEqual(['bad-8', 'bad-9', 'swept-valid']);
  });
});
