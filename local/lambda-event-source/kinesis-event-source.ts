/**
 * A local stand-in for Lambda's Kinesis event source mapping (no SAM, no Docker here): polls every
 * shard of a stream, builds events in Lambda's shape (base64 data, sequence numbers, arrival times)
 * and calls the handler with them, shard by shard in order, shards in parallel. It honours:
 *
 * - `batchSize` and `batchingWindowMs`: a batch goes when it is full or its first record has waited
 *   for the window;
 * - `reportBatchItemFailures`: the records before the first reported failure are done; the batch is
 *   retried from that record;
 * - `bisectOnError`: a handler that throws gets each half of the batch separately, down to one
 *   record; splitting does not use up retries (each half starts with the full quota);
 * - `maxRetryAttempts` and `maxRecordAgeMs`: a batch still failing after its retries, and records older
 *   than the limit, go to the on-failure destination as Lambda describes them (shard, first and last
 *   sequence number, size, condition) and processing moves on.
 *
 * Positions live in memory: a restarted runner starts from `startingPosition` again. Resharding is
 * not followed (the local streams do not reshard).
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BatchResponse {
  readonly batchItemFailures?: readonly { readonly itemIdentifier: string }[];
}

/** A handler that returns nothing (undefined) reports no failures, as in Lambda. */
export type KinesisHandler = (event: KinesisStreamEvent) => Promise<BatchResponse | undefined>;

/** What Lambda sends to an on-failure destination for a Kinesis batch it gave up on. */
export interface OnFailureMessage {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: { readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; readonly approximateInvokeCount: number; readonly errorMessage?: string };
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

export interface EventSourceOptions {
  readonly stream: string;
  readonly streamArn?: string;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly reportBatchItemFailures: boolean;
  readonly bisectOnError: boolean;
  readonly maxRetryAttempts: number;
  readonly maxRecordAgeMs?: number;
  readonly onFailure?: (message: OnFailureMessage) => Promise<void>;
  readonly pollIntervalMs?: number;
  readonly retryDelayMs?: number;
}

export interface EventSourceStats {
  invocations: number;
  recordsDelivered: number;
  retries: number;
  sentToOnFailure: number;
}

export interface RunningEventSource {
  readonly stats: Readonly<EventSourceStats>;
  stop(): Promise<void>;
}

/** A Kinesis record as the event source mapping hands it to Lambda (base64 data, arrival time in seconds). */
export function toLambdaRecord(record: _Record, shardId: string, streamArn: string, region: string): KinesisStreamRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  return {
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/local-event-source',
    awsRegion: region,
    eventSourceARN: streamArn,
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      // Lambda gives seconds with a fraction.
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
    },
  };
}

class ShardPoller {
  private readonly buffer: KinesisStreamRecord[] = [];
  private firstBufferedAt = 0;

  constructor(
    private readonly client: KinesisClient,
    private readonly options: EventSourceOptions,
    private readonly handler: KinesisHandler,
    private readonly shardId: string,
    private readonly streamArn: string,
    private readonly region: string,
    private readonly stats: EventSourceStats,
    private readonly running: () => boolean,
  ) {}

  async run(): Promise<void> {
    let iterator = (
      await this.client.send(new GetShardIteratorCommand({ StreamName: this.options.stream, ShardId: this.shardId, ShardIteratorType: this.options.startingPosition }))
    ).ShardIterator;
    while (this.running()) {
      if (iterator !== undefined && this.buffer.length < this.options.batchSize) {
        const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        iterator = page.NextShardIterator;
        const records = page.Records ?? [];
        if (records.length > 0 && this.buffer.length === 0) this.firstBufferedAt = Date.now();
        this.buffer.push(...records.map((record) => toLambdaRecord(record, this.shardId, this.streamArn, this.region)));
      }
      const full = this.buffer.length >= this.options.batchSize;
      const waitedEnough = this.buffer.length > 0 && Date.now() - this.firstBufferedAt >= this.options.batchingWindowMs;
      if (full || waitedEnough) {
        const batch = this.buffer.splice(0, this.options.batchSize);
        if (this.buffer.length > 0) this.firstBufferedAt = Date.now();
        await this.deliver(batch, 0);
      } else {
        await sleep(this.options.pollIntervalMs ?? 50);
      }
    }
  }

  private async deliver(initial: readonly KinesisStreamRecord[], previousAttempts: number): Promise<void> {
    let batch = [...initial];
    let attempts = previousAttempts;
    for (;;) {
      const maxAge = this.options.maxRecordAgeMs;
      if (maxAge !== undefined) {
        const aged = batch.filter((record) => Date.now() - record.kinesis.approximateArrivalTimestamp * 1000 > maxAge);
        if (aged.length > 0) {
          await this.giveUp(aged, 'RecordAgeExceeded', attempts);
          batch = batch.filter((record) => !aged.includes(record));
        }
      }
      if (batch.length === 0) return;
      this.stats.invocations += 1;
      let failedFrom = -1;
      let error: unknown;
      try {
        const response = await this.handler({ Records: batch });
        const failures = this.options.reportBatchItemFailures ? (response?.batchItemFailures ?? []) : [];
        if (failures.length > 0) {
          const indexes = failures.map((failure) => batch.findIndex((record) => record.kinesis.sequenceNumber === failure.itemIdentifier));
          // An identifier that is not in the batch makes Lambda retry the whole batch.
          failedFrom = indexes.includes(-1) ? 0 : Math.min(...indexes);
        }
      } catch (caught) {
        error = caught;
      }
      if (error === undefined && failedFrom < 0) {
        this.stats.recordsDelivered += batch.length;
        return;
      }
      if (error === undefined) {
        this.stats.recordsDelivered += failedFrom;
        batch = batch.slice(failedFrom);
      }
      this.stats.retries += 1;
      // Splitting does not use up retries: each half starts with the full quota, so a poison record
      // is isolated before retries run out and the records around it get through.
      if (error !== undefined && this.options.bisectOnError && batch.length > 1) {
        const middle = Math.ceil(batch.length / 2);
        await this.deliver(batch.slice(0, middle), 0);
        await this.deliver(batch.slice(middle), 0);
        return;
      }
      attempts += 1;
      if (attempts > this.options.maxRetryAttempts) {
        await this.giveUp(batch, 'RetryAttemptsExhausted', attempts, error);
        return;
      }
      await sleep(this.options.retryDelayMs ?? 100);
    }
  }

  private async giveUp(records: readonly KinesisStreamRecord[], condition: OnFailureMessage['requestContext']['condition'], attempts: number, error?: unknown): Promise<void> {
    const first = records[0];
    const last = records.at(-1);
    if (first === undefined || last === undefined) return;
    const message: OnFailureMessage = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { condition, approximateInvokeCount: attempts, ...(error === undefined ? {} : { errorMessage: error instanceof Error ? error.message : JSON.stringify(error) }) },
      KinesisBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first.kinesis.sequenceNumber,
        endSequenceNumber: last.kinesis.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.kinesis.approximateArrivalTimestamp * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.kinesis.approximateArrivalTimestamp * 1000).toISOString(),
        batchSize: records.length,
        streamArn: this.streamArn,
      },
    };
    if (this.options.onFailure === undefined) {
      throw new Error(`records ${first.kinesis.sequenceNumber}..${last.kinesis.sequenceNumber} of ${this.shardId} failed (${condition}) and there is no on-failure destination`);
    }
    await this.options.onFailure(message);
    this.stats.sentToOnFailure += records.length;
  }
}

/** Starts polling every shard; `stop` lets the batch in flight finish. */
export async function startKinesisEventSource(client: KinesisClient, options: EventSourceOptions, handler: KinesisHandler): Promise<RunningEventSource> {
  const shards = (await client.send(new ListShardsCommand({ StreamName: options.stream }))).Shards ?? [];
  const region = await client.config.region();
  const streamArn = options.streamArn ?? `arn:aws:kinesis:${region}:000000000000:stream/${options.stream}`;
  const stats: EventSourceStats = { invocations: 0, recordsDelivered: 0, retries: 0, sentToOnFailure: 0 };
  const state = { running: true };
  const loops = shards.map((shard) => new ShardPoller(client, options, handler, shard.ShardId ?? '', streamArn, region, stats, () => state.running).run());
  const done = Promise.all(loops);
  // A failing poller stops the others; the error surfaces from stop().
  done.catch(() => {
    state.running = false;
  });
  return {
    stats,
    stop: async () => {
      state.running = false;
      await done;
    },
  };
}
