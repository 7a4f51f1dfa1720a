/**
 * Partial failures and throttling cannot be provoked on demand against the local Kinesis API, so
 * these cases use a mocked client (aws-sdk-client-mock); the integration tests cover the real path.
 */
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput, type PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { KinesisRecordWriter, MAX_RECORD_BYTES, backoffDelay, type OutgoingRecord } from '../../../common/kinesis-writer.js';

const kinesis = mockClient(KinesisClient);
afterEach(() => kinesis.reset());

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

function record(key: string, index: number, bytes = 10): OutgoingRecord<string> {
  return { partitionKey: key, data: new Uint8Array(bytes).fill(65), tag: `${key}#${index}` };
}

const ok = (): PutRecordsResultEntry => ({ SequenceNumber: '1', ShardId: 'shardId-0' });
const throttled = (): PutRecordsResultEntry => ({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' });

describe('KinesisRecordWriter', () => {
  it('sends again only the entries a partial failure rejected', async () => {
    const calls: PutRecordsCommandInput[] = [];
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
      calls.push(input);
      const entries = input.Records ?? [];
      // First request: the second entry is throttled; the retry succeeds.
      return { FailedRecordCount: calls.length === 1 ? 1 : 0, Records: entries.map((_, index) => (calls.length === 1 && index === 1 ? throttled() : ok())) };
    });
    let retried = 0;
    const writer = new KinesisRecordWriter(new KinesisClient({}), { stream: 's', lanes: 1, retry: FAST_RETRY, onRetry: (count) => (retried += count) });
    const outcomes = await writer.write([record('a', 0), record('b', 1), record('c', 2)]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(outcomes.map((outcome) => outcome.tag).sort()).toEqual(['a#0', 'b#1', 'c#2']);
    expect(calls.map((call) => (call.Records ?? []).map((entry) => entry.PartitionKey))).toEqual([['a', 'b', 'c'], ['b']]);
    expect(retried).toBe(1);
  });

  it('gives an entry up after the last attempt, with the reason, and keeps the others', async () => {
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: 1,
      Records: (input.Records ?? []).map((entry) => (entry.PartitionKey === 'hot' ? throttled() : ok())),
    }));
    const writer = new KinesisRecordWriter(new KinesisClient({}), { stream: 's', lanes: 1, retry: FAST_RETRY });
    const outcomes = await writer.write([record('hot', 0), record('cold', 1)]);
    expect(outcomes).toContainEqual({ tag: 'cold#1', ok: true });
    expect(outcomes).toContainEqual({
      tag: 'hot#0',
      ok: false,
      reason: 'Kinesis rejected the record 3 times; last: ProvisionedThroughputExceededException: Rate exceeded for shard',
    });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(3);
  });

  it('fails a record over 1 MiB without sending it, and splits requests at 500 records and 5 MiB', async () => {
    const calls: PutRecordsCommandInput[] = [];
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
      calls.push(input);
      return { FailedRecordCount: 0, Records: (input.Records ?? []).map(ok) };
    });
    const writer = new KinesisRecordWriter(new KinesisClient({}), { stream: 's', lanes: 1 });
    const many = Array.from({ length: 1001 }, (_, index) => record('k', index));
    const big = Array.from({ length: 6 }, (_, index) => record('big', index, MAX_RECORD_BYTES - 100));
    const outcomes = await writer.write([...many, record('huge', 0, MAX_RECORD_BYTES), ...big]);
    expect(outcomes.find((outcome) => outcome.tag === 'huge#0')).toEqual({ tag: 'huge#0', ok: false, reason: `record is ${MAX_RECORD_BYTES + 4} bytes; Kinesis takes at most ${MAX_RECORD_BYTES} per record` });
    // 1 small + 5 records just under 1 MiB fit in 5 MiB; the sixth goes on in the next request.
    expect(calls.map((call) => call.Records?.length)).toEqual([500, 500, 6, 1]);
    expect(calls.every((call) => (call.Records ?? []).reduce((sum, entry) => sum + (entry.Data?.byteLength ?? 0), 0) <= 5 * 1024 * 1024)).toBe(true);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1007);
  });

  it('keeps each partition key in order across requests, with at most one request per lane in flight', async () => {
    const calls: PutRecordsCommandInput[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    kinesis.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
      calls.push(input);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { FailedRecordCount: 0, Records: (input.Records ?? []).map(ok) };
    });
    const writer = new KinesisRecordWriter(new KinesisClient({}), { stream: 's', lanes: 4 });
    const keys = Array.from({ length: 40 }, (_, index) => `user-${index}`);
    const input = Array.from({ length: 5000 }, (_, index) => record(keys[index % keys.length] ?? '', index, 1 + (index % 7)));
    await writer.write(input);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    for (const key of keys) {
      const sent = calls.flatMap((call) => (call.Records ?? []).filter((entry) => entry.PartitionKey === key).map((entry) => entry.Data?.byteLength));
      expect(sent, `order of ${key}`).toEqual(input.filter((entry) => entry.partitionKey === key).map((entry) => entry.data.byteLength));
    }
  });

  it('throws when a request fails as a whole: the stream is unreachable, nothing is dead-lettered', async () => {
    kinesis.on(PutRecordsCommand).rejects(new Error('connect ECONNREFUSED 127.0.0.1:4567'));
    const writer = new KinesisRecordWriter(new KinesisClient({}), { stream: 's', lanes: 2 });
    await expect(writer.write([record('a', 0)])).rejects.toThrow('ECONNREFUSED');
  });
});

describe('backoffDelay', () => {
  it('is full jitter: anywhere from 0 up to the exponential bound, capped', () => {
    const policy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 4, () => 0.5)).toBe(400);
    expect(backoffDelay(policy, 20, () => 0.999)).toBe(4995);
  });
});
