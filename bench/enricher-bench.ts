/**
 * npm run bench:enricher [-- --batches 200 --batch-size 100]
 *
 * The enricher's cost per Lambda batch, against the real Redis, DynamoDB Local and ElasticMQ of the
 * local services and the model server in its own process. Feature rows are the user-activity job's
 * rows for a generated clickstream (its TypeScript twin), so lookups and scores see realistic data.
 *
 * - Redis round trips per batch, counted by a TCP proxy in front of Redis (a round trip is a burst
 *   of requests followed by the answer): must be 1.
 * - DynamoDB calls per batch, counted by SDK middleware: must be ceil(n / 25).
 * - Overhead per batch excluding the ML call, p50/p99, beside a baseline measured in the same run:
 *   the same I/O done bare (one pipelined MGET of the batch's keys, then the BatchWriteItems of the
 *   same items, 25 at a time, concurrently), with no parsing, validation or bookkeeping.
 * - Records per second end to end, ML call included, for 1 shard and for 4 shards in parallel.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamRecord } from 'aws-lambda';
import { Redis } from 'ioredis';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { enrichBatch, type EnrichDependencies } from '../enricher/enrich-batch.js';
import { InferenceClient } from '../enricher/inference-client.js';
import { ipNetworkKey } from '../enricher/ip-network.js';
import { measuredInference, newInferenceMeasure } from '../enricher/measured-inference.js';
import { ensurePredictionsTable, PredictionWriter } from '../enricher/prediction-writer.js';
import { ReferenceLookup, redisTableSpec } from '../enricher/reference-lookup.js';
import { ipNetworks, zipCodes } from '../jobs/sources.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../clickstream-generator/clickstream.js';
import { toLambdaRecord } from '../local/lambda-event-source/kinesis-event-source.js';
import { seedReferenceData } from '../local/reference-data.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import { freeLoopbackPort } from '../local/services/free-port.js';
import { awsClientConfig } from '../common/aws-clients.js';
import { ManagedProcess } from '../common/process/managed-process.js';
import { startServices } from '../local/services/service-manager.js';
import { MODEL_NAME } from '../model/features.js';
import { userActivityFeatures } from '../model/user-activity-features.js';
import { FolderPayloadStore } from '../common/dead-letter/payload-stores.js';
import { SqsDeadLetterSink } from '../common/dead-letter/sqs-dead-letter-sink.js';
import { summarize, writeResults } from './bench-results.js';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '200' }, 'batch-size': { type: 'string', default: '100' } } });
const BATCHES = Number(values.batches);
const BATCH_SIZE = Number(values['batch-size']);
const WARMUP = 20;
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/features';

/** A TCP proxy to Redis that counts round trips: client bursts that follow an answer (or open the connection). */
async function roundTripCounter(target: { host: string; port: number }): Promise<{ server: Server; port: number; roundTrips: () => number }> {
  let roundTrips = 0;
  const server = createServer((client) => {
    const upstream = createConnection(target);
    let answered = true;
    client.on('data', (chunk) => {
      if (answered) roundTrips += 1;
      answered = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      answered = true;
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, roundTrips: () => roundTrips };
}

async function startModelServer(): Promise<{ server: ManagedProcess; endpoint: string }> {
  const port = await freeLoopbackPort();
  const server = ManagedProcess.start({
    name: 'model-server',
    command: join(REPO_ROOT, 'node_modules/.bin/tsx'),
    args: ['model/server-cli.ts', '--port', String(port)],
    cwd: REPO_ROOT,
    logPath: join(mkdtempSync(join(tmpdir(), 'enricher-bench-')), 'model-server.log'),
  });
  const endpoint = `http://127.0.0.1:${String(port)}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (await fetch(`${endpoint}/v2/health/ready`).then((response) => response.ok).catch(() => false)) return { server, endpoint };
    if (server.hasExited || Date.now() > deadline) throw new Error(`the model server did not start (${server.exitDescription}):\n${server.logTail(20)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Batches of Lambda-shaped records holding the user-activity rows of a generated clickstream. */
function featureBatches(count: number, size: number, seed: number): KinesisStreamRecord[][] {
  const events = [...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed, events: count * size, start: Date.UTC(2026, 10, 23, 12), malformedShare: 0 })].flatMap((click) => (click.event === null ? [] : [click.event]));
  const rows = userActivityFeatures(events);
  const arrival = new Date();
  const records = rows.map((row, index) =>
    toLambdaRecord({ SequenceNumber: String(index).padStart(56, '0'), PartitionKey: row.user_id, Data: Buffer.from(JSON.stringify(row)), ApproximateArrivalTimestamp: arrival }, 'shardId-000000000000', STREAM_ARN, 'us-east-1'),
  );
  return Array.from({ length: count }, (_, batch) => records.slice(batch * size, (batch + 1) * size));
}

async function main(): Promise<void> {
  const services = await startServices({ services: ['redis', 'dynamodb', 'sqs'], log: (line) => { console.log(`[services] ${line}`); } });
  const { server: modelServer, endpoint } = await startModelServer();
  const redisUrl = new URL(services.endpoints.redis.url);
  const proxy = await roundTripCounter({ host: redisUrl.hostname, port: Number(redisUrl.port) });
  const redis = new Redis({ host: '127.0.0.1', port: proxy.port, maxRetriesPerRequest: 1 });
  const dynamodbCalls = new Map<string, number>();
  const dynamodb = new DynamoDBClient(awsClientConfig(services.endpoints.dynamodb.region, services.endpoints.dynamodb.endpoint));
  dynamodb.middlewareStack.add(
    (next, context) => (args) => {
      dynamodbCalls.set(context.commandName ?? '?', (dynamodbCalls.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const documents = DynamoDBDocumentClient.from(dynamodb);
  const sqs = new SQSClient(awsClientConfig(services.endpoints.sqs.region, services.endpoints.sqs.endpoint));
  const table = `bench-predictions-${String(Date.now())}`;
  const queue = `bench-enricher-dlq-${String(Date.now())}`;
  try {
    await ensurePredictionsTable(dynamodb, table);
    await sqs.send(new CreateQueueCommand({ QueueName: queue }));
    await seedReferenceData(redis);
    const inference = new InferenceClient({ endpoint, model: MODEL_NAME, timeoutMs: 5_000, maxRowsPerRequest: 1_000 });
    const ml = newInferenceMeasure();
    const dependencies: EnrichDependencies = {
      lookups: new ReferenceLookup(redis, { zip_codes: redisTableSpec(zipCodes), ip_networks: redisTableSpec(ipNetworks) }, { budgetMs: 1_000, cacheEntries: 100_000, cacheTtlMs: 600_000 }),
      inference: measuredInference(inference, ml),
      predictions: new PredictionWriter(documents, table, { ttlDays: 30 }),
      deadLetters: new SqsDeadLetterSink(sqs, queue, new FolderPayloadStore(mkdtempSync(join(tmpdir(), 'enricher-bench-payloads-')))),
      missingReference: 'score',
      // The bench sends user-activity rows only.
      otherFeatureSets: new Set<string>(),
    };

    console.log(`\n[bench] ${String(WARMUP + BATCHES)} batches of ${String(BATCH_SIZE)} feature rows each (generated clickstream -> user-activity rows)`);
    const batches = featureBatches(WARMUP + BATCHES * 2, BATCH_SIZE, 3);
    const overhead: number[] = [];
    const baseline: number[] = [];
    const roundTrips: number[] = [];
    const writeCalls: number[] = [];
    for (const [index, batch] of batches.slice(0, WARMUP + BATCHES).entries()) {
      // Baseline: the batch's own keys and items, bare; on a fresh batch so neither run warms the other's keys.
      const bare = batches[WARMUP + BATCHES + (index % BATCHES)] ?? [];
      const rows = bare.map((record) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { user_id: string; event_id: string; zip: string | null; ip: string });
      const bareStarted = performance.now();
      const pipeline = redis.pipeline();
      pipeline.mget(...rows.flatMap((row) => (row.zip === null ? [] : [`zip:${row.zip}`])));
      pipeline.mget(...rows.flatMap((row) => { const key = ipNetworkKey(row.ip); return key === null ? [] : [`ipnet:${key}`]; }));
      await pipeline.exec();
      const chunks = Array.from({ length: Math.ceil(rows.length / 25) }, (_, chunk) => rows.slice(chunk * 25, chunk * 25 + 25));
      await Promise.all(chunks.map((chunk) => documents.send(new BatchWriteCommand({ RequestItems: { [table]: chunk.map((row) => ({ PutRequest: { Item: { pk: `bare#${row.user_id}`, sk: row.event_id, features: row } } })) } }))));
      const bareMs = performance.now() - bareStarted;

      const tripsBefore = proxy.roundTrips();
      const writesBefore = dynamodbCalls.get('BatchWriteItemCommand') ?? 0;
      ml.milliseconds = 0;
      const started = performance.now();
      const outcome = await enrichBatch(batch, dependencies);
      const totalMs = performance.now() - started;
      if (outcome.counts.written !== batch.length) throw new Error(`batch ${String(index)}: ${String(outcome.counts.written)} of ${String(batch.length)} written (${JSON.stringify(outcome.counts)})`);
      if (index < WARMUP) continue;
      baseline.push(bareMs);
      overhead.push(totalMs - ml.milliseconds);
      roundTrips.push(proxy.roundTrips() - tripsBefore);
      writeCalls.push((dynamodbCalls.get('BatchWriteItemCommand') ?? 0) - writesBefore);
    }

    const throughput = async (shards: number): Promise<number> => {
      const work = batches.slice(WARMUP, WARMUP + BATCHES);
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: shards }, async () => {
          while (next < work.length) {
            const batch = work[next++] ?? [];
            await enrichBatch(batch, dependencies);
          }
        }),
      );
      return (work.length * BATCH_SIZE) / ((performance.now() - started) / 1000);
    };
    const oneShard = await throughput(1);
    const fourShards = await throughput(4);

    const over = summarize(overhead);
    const bare = summarize(baseline);
    const unique = (samples: readonly number[]) => [...new Set(samples)].sort((a, b) => a - b).join(', ');
    console.log(`\nenricher, ${String(BATCHES)} batches of ${String(BATCH_SIZE)} rows (real Redis via a counting proxy, DynamoDB Local, model server in its own process):`);
    console.log('| measure | value | expected |');
    console.log('|---|---|---|');
    console.log(`| Redis round trips per batch | ${unique(roundTrips)} | 1 |`);
    console.log(`| DynamoDB BatchWriteItem calls per batch | ${unique(writeCalls)} | ${String(Math.ceil(BATCH_SIZE / 25))} |`);
    console.log(`| overhead per batch excluding the ML call, p50 / p99 | ${over.p50.toFixed(1)} / ${over.p99.toFixed(1)} ms | |`);
    console.log(`| baseline: the same I/O bare, p50 / p99 | ${bare.p50.toFixed(1)} / ${bare.p99.toFixed(1)} ms | |`);
    console.log(`| overhead / baseline (p50) | ${(over.p50 / bare.p50).toFixed(2)}x | |`);
    console.log(`| records/s with the ML call, 1 shard | ${Math.round(oneShard).toLocaleString('en-US')} | |`);
    console.log(`| records/s with the ML call, 4 shards in parallel | ${Math.round(fourShards).toLocaleString('en-US')} | |`);
    const file = writeResults('enricher', { batches: BATCHES, batchSize: BATCH_SIZE, roundTrips, writeCalls, overhead: over, baseline: bare, recordsPerSecond: { oneShard, fourShards } });
    console.log(`\nresults: ${file}`);
    const wrongTrips = roundTrips.filter((trips) => trips !== 1).length;
    const wrongWrites = writeCalls.filter((calls) => calls !== Math.ceil(BATCH_SIZE / 25)).length;
    if (wrongTrips > 0 || wrongWrites > 0) throw new Error(`${String(wrongTrips)} batch(es) took other than 1 Redis round trip, ${String(wrongWrites)} other than ${String(Math.ceil(BATCH_SIZE / 25))} DynamoDB calls`);
  } finally {
    redis.disconnect();
    proxy.server.close();
    documents.destroy();
    sqs.destroy();
    await modelServer.stop(5_000);
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
