/**
 * npm run bench:runner [-- --rate 200 --seconds 15]
 *
 * Kinesis -> Flink -> Kinesis latency and throughput of a compiled per-event job on the embedded
 * runner, against the local Kinesis API. Latency of one event = the Kinesis arrival time of its
 * feature row minus the Kinesis arrival time of the event: the Flink hop, sink flush included, with
 * no reader polling in it. Two variants of the same job run back to back on the same machine:
 * trailing window by event time (rows wait for the watermark, 5 s behind) and by processing time.
 * Results: a table on stdout and bench/results/runner-latency-<time>.json.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { clicks } from '../jobs/sources.js';
import { ensureRunnerJar } from '../runner/runner-jar.js';
import { percentile, writeResults } from './bench-results.js';
import { createStream, putJson } from '../local/services/kinesis-streams.js';
import { localKinesisClient } from '../common/aws-clients.js';
import { ManagedProcess } from '../common/process/managed-process.js';
import { startServices } from '../local/services/service-manager.js';
import { compileJob } from '../sql/compiler/compile-job.js';
import { localTarget } from '../sql/compiler/compile-target.js';
import { jobIdentity } from '../sql/compiler/job-identity.js';
import { avg, count, eventFeatures, trailing, zScore } from '../sql/index.js';
import type { WindowTime } from '../sql/dsl/windows.js';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '15' } } });
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

function featureJob(time: WindowTime) {
  return eventFeatures({
    from: clicks,
    partitionBy: 'user_id',
    select: (c) => ({ event_id: c.event_id }),
    trailing: { window: trailing('1 h', { time }), features: (c) => [count(), avg(c.price), zScore(c.price)] },
  });
}

/** Reads every shard of a stream from the start until stopped, noting each record's event id and arrival. */
function arrivals(client: KinesisClient, stream: string): { readonly seen: Map<string, number>; stop(): Promise<void> } {
  const seen = new Map<string, number>();
  const state = { running: true };
  const loop = (async () => {
    const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    const iterators = await Promise.all(
      shards.map(async (shard) => (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator),
    );
    while (state.running) {
      for (const [index, iterator] of iterators.entries()) {
        if (iterator === undefined) continue;
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        for (const record of page.Records ?? []) {
          const row = JSON.parse(new TextDecoder().decode(record.Data)) as { event_id?: string };
          if (row.event_id !== undefined) seen.set(row.event_id, record.ApproximateArrivalTimestamp?.getTime() ?? Number.NaN);
        }
        iterators[index] = page.NextShardIterator;
      }
      await sleep(100);
    }
  })();
  return {
    seen,
    stop: async () => {
      state.running = false;
      await loop;
    },
  };
}


/**
 * The baseline: a plain loop that polls the raw stream every 20 ms (as the Flink source does) and
 * writes each record straight to the features stream. What the local Kinesis API itself costs on this machine.
 */
function startRelay(client: KinesisClient, from: string, to: string): { stop(): Promise<void> } {
  const state = { running: true };
  const loop = (async () => {
    const shards = (await client.send(new ListShardsCommand({ StreamName: from }))).Shards ?? [];
    const iterators = await Promise.all(
      shards.map(async (shard) => (await client.send(new GetShardIteratorCommand({ StreamName: from, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator),
    );
    while (state.running) {
      for (const [index, iterator] of iterators.entries()) {
        if (iterator === undefined) continue;
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        const rows = (page.Records ?? []).map((record) => JSON.parse(new TextDecoder().decode(record.Data)) as Record<string, unknown>);
        if (rows.length > 0) await putJson(client, to, rows, 'user_id');
        iterators[index] = page.NextShardIterator;
      }
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
    },
  };
}

async function measure(client: KinesisClient, endpoint: string, jar: string, time: WindowTime | 'relay') {
  const streams = { raw: `bench-raw-${time}-${Date.now()}`, features: `bench-features-${time}-${Date.now()}` };
  await createStream(client, streams.raw, 2);
  await createStream(client, streams.features, 2);
  const folder = mkdtempSync(join(tmpdir(), 'runner-bench-'));
  let stopJob: () => Promise<void>;
  let describeJob = (): string => 'relay';
  if (time === 'relay') {
    const relay = startRelay(client, streams.raw, streams.features);
    stopJob = () => relay.stop();
  } else {
    const compiled = compileJob(featureJob(time), jobIdentity('bench/runner-latency.ts', time), localTarget({ kinesisEndpoint: endpoint, streamNames: streams }));
    writeFileSync(join(folder, 'job.sql'), compiled.sql);
    const runner = ManagedProcess.start({ name: 'runner', command: 'java', args: ['-jar', jar, 'run', join(folder, 'job.sql')], logPath: join(folder, 'runner.log') });
    stopJob = () => runner.stop(5_000);
    describeJob = () => `runner ${runner.exitDescription}:\n${runner.logTail(20)}`;
  }
  const inputs = arrivals(client, streams.raw);
  const outputs = arrivals(client, streams.features);
  try {
    const event = (id: string, ts: number) => ({ ...TEMPLATE, event_id: id, user_id: `u${id.length % 50}-${id.slice(-2)}`, price: (ts % 97) + 1, ts });
    // Warm-up: the job is up once a warm-up row comes out (event-time rows need a later event to pass the watermark).
    const warmupDeadline = Date.now() + 120_000;
    for (let round = 0; ![...outputs.seen.keys()].some((id) => id.startsWith('warmup')); round++) {
      if (Date.now() > warmupDeadline) throw new Error(`no output after 120 s; ${describeJob()}`);
      await putJson(client, streams.raw, [event(`warmup-${round}`, Date.now())], 'user_id');
      await sleep(1000);
    }
    console.log(`  ${time === 'relay' ? 'bare relay' : `${time}-time job`} is running; sending ${RATE} events/s for ${SECONDS} s`);
    const started = Date.now();
    const sent: string[] = [];
    for (let tick = 0; tick < SECONDS * 10; tick++) {
      const batch = Array.from({ length: Math.round(RATE / 10) }, (_, index) => event(`e-${tick}-${index}`, Date.now()));
      await putJson(client, streams.raw, batch, 'user_id');
      sent.push(...batch.map((record) => record.event_id));
      const next = started + (tick + 1) * 100;
      if (next > Date.now()) await sleep(next - Date.now());
    }
    const sendSeconds = (Date.now() - started) / 1000;
    // Event-time rows wait for the watermark, the minimum over all shards: events 10 s later for many
    // users (so every shard gets some) release the ones before them.
    const flushAt = Date.now() + 10_000;
    await putJson(client, streams.raw, Array.from({ length: 50 }, (_, index) => ({ ...event(`flush-${index}`, flushAt), user_id: `flush-user-${index}` })), 'user_id');
    const deadline = Date.now() + 60_000;
    while (sent.some((id) => !outputs.seen.has(id)) && Date.now() < deadline) await sleep(250);
    const latencies = sent
      .filter((id) => outputs.seen.has(id) && inputs.seen.has(id))
      .map((id) => (outputs.seen.get(id) ?? 0) - (inputs.seen.get(id) ?? 0))
      .sort((a, b) => a - b);
    return {
      variant: time === 'relay' ? 'baseline: bare Node relay, no Flink' : `Flink, trailing window by ${time} time`,
      sent: sent.length,
      received: latencies.length,
      offeredRate: Math.round(sent.length / sendSeconds),
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
    };
  } finally {
    await Promise.all([inputs.stop(), outputs.stop()]);
    await stopJob();
  }
}

const TEMPLATE = {
  session_id: 's',
  event_type: 'view',
  url: '/',
  referrer: null,
  ip: '10.0.0.1',
  zip: '10001',
  user_agent: 'bench',
};

async function main(): Promise<void> {
  const jar = ensureRunnerJar();
  const services = await startServices({ services: ['kinesis'], log: (line) => { console.log(`[services] ${line}`); } });
  const client = localKinesisClient(services.endpoints.kinesis);
  try {
    const results = [];
    for (const time of ['relay', 'processing', 'event'] as const) results.push(await measure(client, services.endpoints.kinesis.endpoint, jar, time));
    console.log('\nKinesis -> Flink -> Kinesis, per event (ms), embedded Flink 1.19, kinesalite, this machine:');
    console.table(results);
    const [relay, processingTime, eventTime] = results;
    if (relay !== undefined && processingTime !== undefined && eventTime !== undefined) {
      console.log(`p50 Flink (processing time) / bare relay: ${(processingTime.p50 / relay.p50).toFixed(1)}x; Flink (event time) / bare relay: ${(eventTime.p50 / relay.p50).toFixed(1)}x (event time waits for the 5 s watermark delay)`);
    }
    const file = writeResults('runner-latency', { rate: RATE, seconds: SECONDS, results });
    console.log(`written: ${file}`);
  } finally {
    client.destroy();
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
