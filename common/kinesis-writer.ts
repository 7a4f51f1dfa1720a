/**
 * Writes records to a Kinesis stream with PutRecords, within the API's limits (500 records and 5 MiB
 * per request, 1 MiB per record including its partition key), keeping each partition key's records
 * in order across requests, and retrying only the entries a partial failure rejected.
 *
 * Order: records are spread over `lanes` by a hash of their partition key; a lane sends one request
 * at a time, and requests of different lanes run concurrently (that bounds the requests in flight).
 * A key's records therefore never overtake each other between requests. A rejected entry is sent
 * again before the lane goes on, but a later entry of the same key in the same request may already
 * be in: the one case where a key's order can flip, by at most the retry delay (the jobs' 5 s
 * watermark delay absorbs it).
 */
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { batchesWithin } from './batches.js';

export const MAX_RECORDS_PER_REQUEST = 500;
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
export const MAX_RECORD_BYTES = 1024 * 1024;

export interface OutgoingRecord<T> {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  /** The caller's handle on the record, handed back in the outcome. */
  readonly tag: T;
}

export type WriteOutcome<T> = { readonly tag: T; readonly ok: true } | { readonly tag: T; readonly ok: false; readonly reason: string };

export interface RetryPolicy {
  /** Attempts per entry, the first included, before it is given up (and dead-lettered by the caller). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000 };

export interface WriterOptions {
  readonly stream: string;
  /** Concurrent PutRecords requests, each for its own set of partition keys. */
  readonly lanes: number;
  readonly retry?: RetryPolicy;
  /** Called for every entry sent again after a partial failure. */
  readonly onRetry?: (count: number) => void;
  /** Called once per PutRecords request. */
  readonly onRequest?: () => void;
}

/** Bytes Kinesis counts for a record: its data plus its partition key. */
export function recordBytes(record: { readonly partitionKey: string; readonly data: Uint8Array }): number {
  return record.data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8');
}

function laneOf(partitionKey: string, lanes: number): number {
  return createHash('md5').update(partitionKey).digest().readUInt32BE(0) % lanes;
}

/** Full jitter: a random delay up to the exponential bound, so retrying producers do not move in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export class KinesisRecordWriter {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly client: KinesisClient,
    private readonly options: WriterOptions,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /**
   * Writes every record and returns one outcome per record. Records over 1 MiB and entries still
   * rejected after the last attempt come back as failures with the reason. A request that fails as
   * a whole (after the SDK's own retries) throws: the stream is unreachable, and dead-lettering
   * everything would be wrong; the caller stops and resumes from its checkpoint later.
   */
  async write<T>(records: readonly OutgoingRecord<T>[]): Promise<WriteOutcome<T>[]> {
    const outcomes: WriteOutcome<T>[] = [];
    const byLane: OutgoingRecord<T>[][] = Array.from({ length: this.options.lanes }, () => []);
    for (const record of records) {
      const size = recordBytes(record);
      if (size > MAX_RECORD_BYTES) {
        outcomes.push({ tag: record.tag, ok: false, reason: `record is ${size} bytes; Kinesis takes at most ${MAX_RECORD_BYTES} per record` });
      } else {
        byLane[laneOf(record.partitionKey, this.options.lanes)]?.push(record);
      }
    }
    await Promise.all(
      byLane.map(async (lane) => {
        for (const chunk of batchesWithin(lane, { maxCount: MAX_RECORDS_PER_REQUEST, maxBytes: MAX_REQUEST_BYTES }, recordBytes)) outcomes.push(...(await this.sendWithRetries(chunk)));
      }),
    );
    return outcomes;
  }

  private async sendWithRetries<T>(chunk: readonly OutgoingRecord<T>[]): Promise<WriteOutcome<T>[]> {
    const outcomes: WriteOutcome<T>[] = [];
    let pending = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      this.options.onRequest?.();
      const response = await this.client.send(
        new PutRecordsCommand({ StreamName: this.options.stream, Records: pending.map((record) => ({ PartitionKey: record.partitionKey, Data: record.data })) }),
      );
      const results = response.Records ?? [];
      if (results.length !== pending.length) throw new Error(`PutRecords to ${this.options.stream} answered ${results.length} results for ${pending.length} records`);
      const rejected: { record: OutgoingRecord<T>; reason: string }[] = [];
      for (const [index, record] of pending.entries()) {
        const result = results[index];
        if (result?.ErrorCode === undefined) outcomes.push({ tag: record.tag, ok: true });
        else rejected.push({ record, reason: `${result.ErrorCode}: ${result.ErrorMessage ?? 'no message'}` });
      }
      if (rejected.length === 0) break;
      if (attempt >= this.retry.maxAttempts) {
        for (const { record, reason } of rejected) {
          outcomes.push({ tag: record.tag, ok: false, reason: `Kinesis rejected the record ${attempt} times; last: ${reason}` });
        }
        break;
      }
      this.options.onRetry?.(rejected.length);
      await sleep(backoffDelay(this.retry, attempt));
      pending = rejected.map(({ record }) => record);
    }
    return outcomes;
  }
}
