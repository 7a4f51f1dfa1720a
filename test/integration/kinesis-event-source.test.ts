/**
 * The local Kinesis event-source runner against the real Kinesis API (kinesalite), with an SQS
 * on-failure destination (ElasticMQ). The handlers here are test doubles of the Lambda function: the
 * runner's batching, retry and failure semantics are what is under test.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { KinesisStreamEvent } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startKinesisEventSource, type EventSourceOptions, type KinesisHandler, type OnFailureMessage } from '../../local/lambda-event-source/kinesis-event-source.js';
import { recordsInRange } from '../../local/pipeline/stream-range.js';
import { createStream, putJson } from '../../local/services/kinesis-streams.js';
import { localKinesisClient, localSqsClient } from '../../common/aws-clients.js';
import { uniqueName } from '../support/unique-name.js';

interface Delivered {
  readonly n: number;
  readonly shard: string;
  readonly sequence: string;
}

function numbers(event: KinesisStreamEvent): Delivered[] {
  return event.Records.map((record) => ({
    n: (JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { n: number }).n,
    shard: record.eventID.split(':')[0] ?? '',
    sequence: record.kinesis.sequenceNumber,
  }));
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('local Kinesis event-source runner (real Kinesis API, ElasticMQ)', () => {
  const services = inject('services');
  const kinesis = localKinesisClient(services.kinesis);
  const sqs = localSqsClient(services.sqs);
  const stops: (() => Promise<void>)[] = [];

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    kinesis.destroy();
    sqs.destroy();
  });

  const defaults: Omit<EventSourceOptions, 'stream'> = {
    startingPosition: 'TRIM_HORIZON',
    batchSize: 10,
    batchingWindowMs: 200,
    reportBatchItemFailures: true,
    bisectOnError: false,
    maxRetryAttempts: 3,
    retryDelayMs: 20,
  };

  async function streamWith(count: number, shards: number): Promise<string> {
    const stream = uniqueName('event-source');
    await createStream(kinesis, stream, shards);
    const records = Array.from({ length: count }, (_, n) => ({ n, user: `user-${n % 13}` }));
    for (let start = 0; start < count; start += 500) await putJson(kinesis, stream, records.slice(start, start + 500), 'user');
    return stream;
  }

  async function start(stream: string, options: Partial<EventSourceOptions>, handler: KinesisHandler) {
    const running = await startKinesisEventSource(kinesis, { ...defaults, stream, ...options }, handler);
    stops.push(() => running.stop());
    return running;
  }

  it('delivers every record once, in order per shard, in batches of at most batchSize', async () => {
    // Prepare
    const stream = await streamWith(230, 2);
    const deliveries: Delivered[][] = [];

    // Act
    const running = await start(stream, { batchSize: 50 }, (event) => {
      deliveries.push(numbers(event));
      return Promise.resolve(undefined);
    });
    await until(() => deliveries.flat().length >= 230, '230 records');
    await running.stop();

    // Assess
    const all = deliveries.flat();
    expect(all.map((record) => record.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 230 }, (_, n) => n));
    expect(Math.max(...deliveries.map((batch) => batch.length))).toBeLessThanOrEqual(50);
    expect(deliveries.every((batch) => new Set(batch.map((record) => record.shard)).size === 1)).toBe(true);
    for (const shard of new Set(all.map((record) => record.shard))) {
      const sequences = all.filter((record) => record.shard === shard).map((record) => BigInt(record.sequence));
      expect(sequences, shard).toEqual([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('after a partial batch failure, resumes at the first failed record: nothing before it again, nothing skipped', async () => {
    // Prepare
    const stream = await streamWith(60, 1);
    const deliveries: number[][] = [];
    let failedOnce = false;

    // Act
    const running = await start(stream, { batchSize: 20 }, (event) => {
      const batch = numbers(event);
      deliveries.push(batch.map((record) => record.n));
      const poison = batch.find((record) => record.n === 25);
      if (poison !== undefined && !failedOnce) {
        failedOnce = true;
        return Promise.resolve({ batchItemFailures: [{ itemIdentifier: poison.sequence }] });
      }
      return Promise.resolve({ batchItemFailures: [] });
    });
    await until(() => deliveries.flat().includes(59), 'the last record');
    await running.stop();

    // Assess
    const counts = new Map<number, number>();
    for (const n of deliveries.flat()) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    expect(deliveries[1]).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(deliveries[2]).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect([...counts].filter(([, times]) => times > 1).map(([n]) => n)).toEqual(Array.from({ length: 15 }, (_, index) => 25 + index));
    expect(running.stats.retries).toBe(1);
  });

  it('bisects a batch whose handler throws down to the poison record, which goes to the on-failure queue after its retries', async () => {
    // Prepare
    const stream = await streamWith(40, 1);
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('on-failure') }));
    const succeeded: number[] = [];

    // Act
    const running = await start(
      stream,
      {
        bisectOnError: true,
        reportBatchItemFailures: false,
        maxRetryAttempts: 2,
        onFailure: async (message) => {
          await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(message) }));
        },
      },
      (event) => {
        const batch = numbers(event);
        if (batch.some((record) => record.n === 13)) return Promise.reject(new Error('cannot process record 13'));
        succeeded.push(...batch.map((record) => record.n));
        return Promise.resolve(undefined);
      },
    );
    await until(() => succeeded.includes(39) && running.stats.sentToOnFailure === 1, 'the rest delivered and the poison record given up');
    await running.stop();
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));

    // Assess
    expect([...new Set(succeeded)].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n).filter((n) => n !== 13));
    expect(Messages).toHaveLength(1);
    const message = JSON.parse(Messages[0]?.Body ?? '{}') as OnFailureMessage;
    expect(message.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', errorMessage: 'cannot process record 13' });
    expect(message.KinesisBatchInfo).toMatchObject({ shardId: 'shardId-000000000000', batchSize: 1 });
    expect(message.KinesisBatchInfo.startSequenceNumber).toBe(message.KinesisBatchInfo.endSequenceNumber);
    // The message carries only the range; the records it stands for are read back from the stream.
    const { shardId, startSequenceNumber, endSequenceNumber } = message.KinesisBatchInfo;
    const given = await recordsInRange(kinesis, stream, shardId, startSequenceNumber, endSequenceNumber);
    expect(numbers({ Records: given }).map((record) => record.n)).toEqual([13]);
  });

  it('reads back the records of an on-failure range, first and last included, nothing after it', async () => {
    // Prepare: the sequence numbers of records 5 and 9 as delivered.
    const stream = await streamWith(15, 1);
    const delivered: Delivered[] = [];
    const running = await start(stream, { bisectOnError: false, reportBatchItemFailures: false, maxRetryAttempts: 0 }, (event) => {
      delivered.push(...numbers(event));
      return Promise.resolve(undefined);
    });
    await until(() => delivered.length === 15, 'every record delivered');
    await running.stop();
    const sequenceOf = (n: number): string => delivered.find((record) => record.n === n)?.sequence ?? '';

    // Act
    const records = await recordsInRange(kinesis, stream, 'shardId-000000000000', sequenceOf(5), sequenceOf(9));

    // Assess
    expect(numbers({ Records: records }).map((record) => record.n)).toEqual([5, 6, 7, 8, 9]);
    expect(records[0]?.eventSourceARN).toContain(`stream/${stream}`);
  });

  it('sends records older than maxRecordAge to the on-failure destination without calling the handler', async () => {
    // Prepare
    const stream = await streamWith(5, 1);
    await sleep(1_500);
    const failures: OnFailureMessage[] = [];
    let invoked = 0;

    // Act
    const running = await start(
      stream,
      {
        maxRecordAgeMs: 1_000,
        onFailure: (message) => {
          failures.push(message);
          return Promise.resolve();
        },
      },
      () => {
        invoked += 1;
        return Promise.resolve(undefined);
      },
    );
    await until(() => running.stats.sentToOnFailure === 5, 'the aged records');
    await running.stop();

    // Assess
    expect(invoked).toBe(0);
    expect(failures.map((message) => [message.requestContext.condition, message.KinesisBatchInfo.batchSize])).toEqual([['RecordAgeExceeded', 5]]);
  });
});
