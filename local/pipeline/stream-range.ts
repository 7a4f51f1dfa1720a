/**
 * The records of a shard between two sequence numbers, as Lambda would have delivered them: what an
 * on-failure message (which carries only the range) stands for.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';
import { toLambdaRecord } from '../lambda-event-source/kinesis-event-source.js';

export async function recordsInRange(client: KinesisClient, stream: string, shardId: string, first: string, last: string): Promise<KinesisStreamRecord[]> {
  const region = await client.config.region();
  const arn = `arn:aws:kinesis:${region}:000000000000:stream/${stream}`;
  const end = BigInt(last);
  const records: KinesisStreamRecord[] = [];
  let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: first }))).ShardIterator;
  while (iterator !== undefined) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
    for (const record of page.Records ?? []) {
      if (BigInt(record.SequenceNumber ?? '0') > end) return records;
      records.push(toLambdaRecord(record, shardId, arn, region));
    }
    if ((page.Records ?? []).length === 0) return records;
    iterator = page.NextShardIterator;
  }
  return records;
}
