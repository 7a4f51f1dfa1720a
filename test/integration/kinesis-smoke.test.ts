import { createHash } from 'node:crypto';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { localKinesisClient } from '../../common/aws-clients.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique-name.js';

/** Kinesis routes a record to the shard whose hash-key range holds MD5(partition key) as a 128-bit integer. */
function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

function shardFor(partitionKey: string, shards: readonly Shard[]): string {
  const key = hashKeyOf(partitionKey);
  const shard = shards.find(
    (candidate) =>
      BigInt(candidate.HashKeyRange?.StartingHashKey ?? '-1') <= key && key <= BigInt(candidate.HashKeyRange?.EndingHashKey ?? '-1'),
  );
  if (shard?.ShardId === undefined) throw new Error(`no shard covers the hash of ${partitionKey}`);
  return shard.ShardId;
}

describe('Kinesis API (kinesalite)', () => {
  const client = localKinesisClient(inject('services').kinesis);
  const StreamName = uniqueName('smoke-raw');
  let shards: Shard[] = [];

  beforeAll(async () => {
    await client.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    await waitUntilStreamExists({ client, maxWaitTime: 60, minDelay: 1 }, { StreamName });
    shards = (await client.send(new ListShardsCommand({ StreamName }))).Shards ?? [];
  });

  afterAll(async () => {
    await client.send(new DeleteStreamCommand({ StreamName, EnforceConsumerDeletion: true }));
    client.destroy();
  });

  it('routes records to two shards by partition key and reads each back from its shard', async () => {
    // Prepare: find two users whose partition keys hash into different shards.
    expect(shards).toHaveLength(2);
    const users = Array.from({ length: 50 }, (_, index) => `user-${index}`);
    const first = users.find((user) => shardFor(user, shards) === shards[0]?.ShardId);
    const second = users.find((user) => shardFor(user, shards) === shards[1]?.ShardId);
    if (first === undefined || second === undefined) throw new Error('50 users all hashed into one shard');
    const records = [first, second, first].map((user, index) => ({
      PartitionKey: user,
      Data: new TextEncoder().encode(JSON.stringify({ user, seq: index })),
    }));

    // Act
    const put = await client.send(new PutRecordsCommand({ StreamName, Records: records }));
    const readBack = new Map<string, unknown[]>();
    for (const shard of shards) {
      const iterator = await client.send(
        new GetShardIteratorCommand({ StreamName, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const got = await client.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
      readBack.set(shard.ShardId ?? '', (got.Records ?? []).map((record) => JSON.parse(new TextDecoder().decode(record.Data)) as unknown));
    }

    // Assess: the server placed each record where the MD5 rule says, in order within a shard.
    expect(put.FailedRecordCount).toBe(0);
    expect(put.Records?.map((record) => record.ShardId)).toEqual([first, second, first].map((user) => shardFor(user, shards)));
    expect(readBack.get(shardFor(first, shards))).toEqual([
      { user: first, seq: 0 },
      { user: first, seq: 2 },
    ]);
    expect(readBack.get(shardFor(second, shards))).toEqual([{ user: second, seq: 1 }]);
  });

  it('keeps every record of many full PutRecords requests, once each and in order per partition key (the patched PutRecords)', async () => {
    // Prepare: 24 requests of 500 records over the two shards, 41 partition keys; earlier records
    // are in the shards already when later requests arrive, which is what the patch changed.
    const requests = 24;
    const perRequest = 500;
    const keys = 41;
    let next = 0;

    // Act
    for (let request = 0; request < requests; request += 1) {
      const Records = Array.from({ length: perRequest }, () => {
        const seq = next++;
        return { PartitionKey: `key-${seq % keys}`, Data: new TextEncoder().encode(JSON.stringify({ ordinal: seq })) };
      });
      const put = await client.send(new PutRecordsCommand({ StreamName, Records }));
      expect(put.FailedRecordCount).toBe(0);
    }
    const readBack: number[][] = [];
    for (const shard of shards) {
      const seqs: number[] = [];
      let iterator = (
        await client.send(new GetShardIteratorCommand({ StreamName, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))
      ).ShardIterator;
      for (;;) {
        const got = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 5_000 }));
        const records = got.Records ?? [];
        if (records.length === 0) break;
        seqs.push(...records.map((record) => (JSON.parse(new TextDecoder().decode(record.Data)) as { ordinal?: number }).ordinal ?? -1));
        iterator = got.NextShardIterator;
      }
      readBack.push(seqs);
    }

    // Assess: the first test's three records have no ordinal; every numbered one is there once, and each
    // shard holds its records in the order they were put (so in order per key).
    const numbered = readBack.map((seqs) => seqs.filter((seq) => seq >= 0));
    const all = numbered.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: requests * perRequest }, (_, index) => index));
    for (const seqs of numbered) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (const [index, seqs] of numbered.entries()) {
      expect(seqs.every((seq) => shardFor(`key-${seq % keys}`, shards) === shards[index]?.ShardId)).toBe(true);
    }
  });
});
