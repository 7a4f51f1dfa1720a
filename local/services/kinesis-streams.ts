import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  ResourceInUseException,
  waitUntilStreamExists,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_RECORDS_PER_REQUEST } from '../../common/kinesis-writer.js';

export async function createStream(client: KinesisClient, StreamName: string, ShardCount = 1): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName, ShardCount }));
  await waitUntilStreamExists({ client, maxWaitTime: 60, minDelay: 1 }, { StreamName });
}

/** Creates the stream unless it exists (local runs of the producer and `npm start`). */
export async function createStreamIfMissing(client: KinesisClient, StreamName: string, ShardCount = 1): Promise<void> {
  try {
    await client.send(new CreateStreamCommand({ StreamName, ShardCount }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilStreamExists({ client, maxWaitTime: 60, minDelay: 1 }, { StreamName });
}

/**
 * Writes JSON records in order, 500 a request (AWS's limit, which kinesalite keeps too), partitioned by `partitionKey` of each record; fails
 * on any rejected record.
 */
export async function putJson(client: KinesisClient, StreamName: string, records: readonly Record<string, unknown>[], partitionKey: string): Promise<void> {
  for (let from = 0; from < records.length; from += MAX_RECORDS_PER_REQUEST) {
    const result = await client.send(
      new PutRecordsCommand({
        StreamName,
        Records: records.slice(from, from + MAX_RECORDS_PER_REQUEST).map((record) => ({ PartitionKey: String(record[partitionKey]), Data: new TextEncoder().encode(JSON.stringify(record)) })),
      }),
    );
    if (result.FailedRecordCount !== 0) throw new Error(`${String(result.FailedRecordCount)} records were rejected by ${StreamName}`);
  }
}

/** Writes records as they are (any text, JSON or not), one request, each under its own partition key. */
export async function putRawRecords(client: KinesisClient, StreamName: string, records: readonly string[]): Promise<void> {
  const result = await client.send(new PutRecordsCommand({ StreamName, Records: records.map((record, index) => ({ PartitionKey: `raw-${String(index)}`, Data: new TextEncoder().encode(record) })) }));
  if (result.FailedRecordCount !== 0) throw new Error(`${String(result.FailedRecordCount)} records were rejected by ${StreamName}`);
}

/** Every record on the stream from the start, parsed as JSON, in per-shard order. */
export async function readAllJson(client: KinesisClient, StreamName: string): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  const shards = (await client.send(new ListShardsCommand({ StreamName }))).Shards ?? [];
  for (const shard of shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator !== undefined) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const record of page.Records ?? []) records.push(JSON.parse(new TextDecoder().decode(record.Data)) as Record<string, unknown>);
      if ((page.Records ?? []).length === 0 || page.MillisBehindLatest === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

/**
 * Polls until `count` records are on the stream (or the time is up), then waits `settleMs` more and
 * reads again, so a test also sees records that should not be there but arrive just after.
 */
export async function waitForRecords(client: KinesisClient, StreamName: string, count: number, timeoutMs: number, settleMs = 3_000): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readAllJson(client, StreamName);
    if (records.length >= count) break;
    if (Date.now() > deadline) return records;
    await sleep(500);
  }
  await sleep(settleMs);
  return readAllJson(client, StreamName);
}
