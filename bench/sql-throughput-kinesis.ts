/**
 * The Kinesis -> Kinesis path of `npm run bench:sql`: the same jobs, generated and hand-written, read
 * a raw stream of the local Kinesis API filled beforehand and write their rows to a features stream,
 * so the connectors, JSON (de)serialization and the local Kinesis API (kinesalite) are in the measurement.
 *
 * Time of one run = Kinesis arrival of the last expected output row minus the runner's start (JVM
 * start and job setup included, the same for both variants); the expected row count comes from a
 * small oracle over the input (one row per click for per-event features, one per (url, window) for
 * the hop window), not from the job.
 *
 * The local Kinesis API takes a few thousand records/s, so the input stays small, and the
 * small-minus-large trick of the datagen path does not resolve anything here: the difference is
 * below the noise of JVM start. What this path shows is whether the generated SQL costs anything
 * visible once the connectors and the Kinesis API are in the loop; the Kinesis API's own PutRecords
 * rate is reported beside it as the baseline.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureRunnerJar } from '../runner/runner-jar.js';
import { createStream, putJson } from '../local/services/kinesis-streams.js';
import { localKinesisClient } from '../common/aws-clients.js';
import { ManagedProcess } from '../common/process/managed-process.js';
import { startServices } from '../local/services/service-manager.js';
import { compileJob } from '../sql/compiler/compile-job.js';
import { localTarget } from '../sql/compiler/compile-target.js';
import { jobIdentity } from '../sql/compiler/job-identity.js';
import { BENCH_CASES, benchScript, type BenchCase, type SqlVariant } from './sql-bench-cases.js';

const EPOCH = Date.parse('2026-11-23T00:00:00Z');
// One input shard: a subtask reading several pre-filled shards takes each shard's records in large
// batches, so its watermark (one per subtask in SQL) runs ahead of the other shards' events and drops
// them as late. Live traffic fills shards together and does not have this problem.
const RAW_SHARDS = 1;
// The per-event job's output is spread over several shards, so the sink's PutRecords run side by side.
const SINK_SHARDS = 4;
const PUT_BATCH = 500;
const PUTS_IN_FLIGHT = 4;
const RUN_TIMEOUT_MS = 15 * 60_000;

export interface KinesisRun {
  readonly job: string;
  readonly rows: number;
  readonly handWrittenSeconds: number;
  readonly generatedSeconds: number;
  /** Hand-written time / generated time: above 1 means the generated SQL finished first. */
  readonly ratio: number;
}

export interface KinesisThroughput {
  /** Records/s the local Kinesis API accepted while the input was written: the ceiling of this path. */
  readonly kinesisPutRate: number;
  readonly runs: KinesisRun[];
}

/** Click `index` of the bench input: 4,096 users, 256 pages, one event per millisecond, like the datagen path. */
function click(index: number) {
  return {
    event_id: `e${index}`,
    user_id: `u${(index * 7919) % 4096}`,
    session_id: `s${(index * 7919) % 4096}`,
    event_type: index % 10 === 0 ? 'purchase' : 'view',
    url: `/p/${(index * 31) % 256}`,
    referrer: null,
    ip: '10.0.0.1',
    zip: '10001',
    user_agent: 'bench',
    price: (index % 100) + 1,
    ts: EPOCH + index,
  };
}

/** The cases this path has an oracle for (`expectedRows`); the others run on the datagen path only. */
const KINESIS_CASES: readonly string[] = ['url-traffic', 'user-activity'];

/** Rows the job must write for `rows` clicks: the oracle the run waits for. */
function expectedRows(benchCase: BenchCase, rows: number): number {
  if (benchCase.name === 'user-activity') return rows;
  // HOP of 1 min sliding by 30 s: each click is in the window starting at its 30 s slot and the one before.
  const windows = new Set<string>();
  for (let index = 0; index < rows; index++) {
    const { url, ts } = click(index);
    const slot = Math.floor(ts / 30_000);
    windows.add(`${url}@${slot}`).add(`${url}@${slot - 1}`);
  }
  return windows.size;
}

/**
 * Fills a fresh raw stream with `rows` clicks, then one click per shard an hour later: it moves the
 * watermark past the last real window without producing a row that is waited for.
 */
async function fillRawStream(client: KinesisClient, stream: string, rows: number, log: (line: string) => void): Promise<number> {
  await createStream(client, stream, RAW_SHARDS);
  let next = 0;
  const started = Date.now();
  const writer = async () => {
    while (next < rows) {
      const from = next;
      next = Math.min(rows, next + PUT_BATCH);
      await putJson(client, stream, Array.from({ length: next - from }, (_, offset) => click(from + offset)), 'user_id');
    }
  };
  await Promise.all(Array.from({ length: PUTS_IN_FLIGHT }, writer));
  const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  // One per shard, placed by explicit hash key (putJson partitions by a field, which cannot aim at a shard).
  const sentinels = await client.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: shards.map((shard, index) => ({
        Data: new TextEncoder().encode(JSON.stringify({ ...click(rows + index), url: '/watermark', ts: EPOCH + rows + 3_600_000 })),
        PartitionKey: 'watermark',
        ExplicitHashKey: shard.HashKeyRange?.StartingHashKey ?? '0',
      })),
    }),
  );
  if (sentinels.FailedRecordCount !== 0) throw new Error(`the watermark records were rejected by ${stream}`);
  const seconds = (Date.now() - started) / 1000;
  log(`  filled ${stream} (${RAW_SHARDS} shard): ${rows} clicks in ${seconds.toFixed(1)} s, ${Math.round(rows / seconds)} records/s accepted by the local Kinesis API`);
  return rows / seconds;
}

/** Reads a stream from the start, counting records and noting the latest arrival time. */
class StreamTally {
  count = 0;
  lastArrival = 0;
  private iterators: (string | undefined)[] = [];

  constructor(
    private readonly client: KinesisClient,
    private readonly stream: string,
  ) {}

  async poll(): Promise<void> {
    if (this.iterators.length === 0) {
      const shards = (await this.client.send(new ListShardsCommand({ StreamName: this.stream }))).Shards ?? [];
      this.iterators = await Promise.all(
        shards.map(
          async (shard) =>
            (await this.client.send(new GetShardIteratorCommand({ StreamName: this.stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator,
        ),
      );
    }
    for (const [index, iterator] of this.iterators.entries()) {
      let current = iterator;
      while (current !== undefined) {
        const page = await this.client.send(new GetRecordsCommand({ ShardIterator: current, Limit: 10_000 }));
        const records = page.Records ?? [];
        this.count += records.length;
        for (const record of records) this.lastArrival = Math.max(this.lastArrival, record.ApproximateArrivalTimestamp?.getTime() ?? 0);
        current = page.NextShardIterator;
        if (records.length === 0) break;
      }
      this.iterators[index] = current;
    }
  }
}

async function runSeconds(
  client: KinesisClient,
  endpoint: string,
  jar: string,
  benchCase: BenchCase,
  variant: SqlVariant,
  raw: { readonly stream: string; readonly rows: number },
): Promise<number> {
  const sink = `bench-${benchCase.name}-${variant}-${raw.rows}-${Date.now()}`;
  await createStream(client, sink, SINK_SHARDS);
  if (!('source' in benchCase.job)) throw new Error(`${benchCase.name}: the Kinesis path runs single-source jobs only`);
  const target = localTarget({ kinesisEndpoint: endpoint, streamNames: { [benchCase.job.source.stream]: raw.stream, [benchCase.job.sinkStream]: sink } });
  const compiled = compileJob(benchCase.job, jobIdentity(`jobs/${benchCase.name}.ts`, 'v1'), target).sql;
  const folder = mkdtempSync(join(tmpdir(), 'sql-bench-kinesis-'));
  writeFileSync(join(folder, 'job.sql'), benchScript(benchCase, variant, compiled));
  const expected = expectedRows(benchCase, raw.rows);
  const started = Date.now();
  const runner = ManagedProcess.start({ name: 'runner', command: 'java', args: ['-jar', jar, 'run', join(folder, 'job.sql')], logPath: join(folder, 'runner.log') });
  const tally = new StreamTally(client, sink);
  try {
    while (tally.count < expected) {
      if (Date.now() - started > RUN_TIMEOUT_MS) throw new Error(`${benchCase.name} ${variant}: ${tally.count} of ${expected} rows after ${RUN_TIMEOUT_MS / 60_000} min`);
      if (runner.hasExited) throw new Error(`${benchCase.name} ${variant}: the runner stopped (${runner.exitDescription}):\n${runner.logTail(30)}`);
      await sleep(1_000);
      await tally.poll();
    }
  } finally {
    await runner.stop(5_000);
  }
  if (tally.count > expected) throw new Error(`${benchCase.name} ${variant}: ${tally.count} rows, the oracle expects ${expected}`);
  return (tally.lastArrival - started) / 1000;
}

export async function kinesisThroughput(rows: number, log: (line: string) => void): Promise<KinesisThroughput> {
  const jar = ensureRunnerJar();
  const services = await startServices({ services: ['kinesis'], log: (line) => { log(`[services] ${line}`); } });
  const client = localKinesisClient(services.endpoints.kinesis);
  const endpoint = services.endpoints.kinesis.endpoint;
  try {
    const raw = { stream: `bench-raw-${Date.now()}`, rows };
    const kinesisPutRate = await fillRawStream(client, raw.stream, rows, log);
    const runs: KinesisRun[] = [];
    for (const benchCase of BENCH_CASES.filter((candidate) => KINESIS_CASES.includes(candidate.name))) {
      const seconds: Record<SqlVariant, number> = { generated: Number.NaN, 'hand-written': Number.NaN };
      for (const variant of ['hand-written', 'generated'] as const) {
        seconds[variant] = await runSeconds(client, endpoint, jar, benchCase, variant, raw);
        log(`  ${benchCase.name} ${variant}: ${rows} clicks in, expected rows out after ${seconds[variant].toFixed(1)} s`);
      }
      runs.push({ job: benchCase.name, rows, handWrittenSeconds: seconds['hand-written'], generatedSeconds: seconds.generated, ratio: seconds['hand-written'] / seconds.generated });
    }
    return { kinesisPutRate, runs };
  } finally {
    client.destroy();
    await services.stop();
  }
}
