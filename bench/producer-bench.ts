/**
 * npm run bench:producer [-- --docs 20000]
 *
 * Documents/s from Elasticsearch to Kinesis with the producer, against two baselines measured on the
 * same index in the same run:
 * (a) a bare point-in-time read loop (the producer's reader with nothing done to the pages): the limit;
 * (b) elasticdump exporting the index to a file: what a user would reach for instead.
 * The producer writes to the local Kinesis API (kinesalite), whose own PutRecords rate caps this
 * machine's number; that rate is measured too, with pre-serialized records and no Elasticsearch.
 * Results: a table on stdout and bench/results/producer-<time>.json.
 */
import { Client } from '@elastic/elasticsearch';
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../common/repo-paths.js';
import { writeResults } from './bench-results.js';
import { createStream } from '../local/services/kinesis-streams.js';
import { localKinesisClient } from '../common/aws-clients.js';
import { startServices } from '../local/services/service-manager.js';
import { resolveConfig } from '../producer/config.js';
import { buildProducer } from '../producer/create-producer.js';
import { readPages } from '../producer/es-reader.js';
import { KinesisRecordWriter } from '../common/kinesis-writer.js';
import { backfill } from '../producer/producer.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '20000' } } });
const DOCS = Number(values.docs);
if (!Number.isInteger(DOCS) || DOCS < 1000) throw new Error(`--docs must be a whole number of at least 1000, got '${values.docs}'`);
const START = Date.UTC(2026, 10, 23);
const SHARDS = 8;
const LANES = 8;
const PAGE_SIZE = 1000;

function document(index: number) {
  return {
    '@timestamp': new Date(START + index * 5).toISOString(),
    event_id: `e-${index}`,
    user_id: `user-${(index * 7919) % 2000}`,
    session_id: `s-${(index * 7919) % 2000}`,
    event_type: index % 10 === 0 ? 'purchase' : 'view',
    url: `/p/${index % 300}`,
    referrer: 'https://search.example/',
    ip: '10.0.0.1',
    zip: '10001',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
    price: index % 10 === 0 ? 19.99 : null,
    ts: START + index * 5,
  };
}

/**
 * elasticdump first asks `GET /` for the server version, which the integ-test-zip distribution the
 * local services run does not answer (it lacks the rest-root module). This proxy answers that one
 * request with the real server's version (from `GET /_nodes/_local`) and forwards everything else.
 */
async function versionProxy(target: string, client: Client): Promise<{ readonly url: string; close(): Promise<void> }> {
  const nodes = await client.nodes.info({ node_id: '_local', metric: '_none' });
  const version = Object.values(nodes.nodes)[0]?.version ?? '8.19.0';
  const root = JSON.stringify({ name: 'local', cluster_name: 'local', version: { number: version, build_flavor: 'default' }, tagline: 'You Know, for Search' });
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(root);
      return;
    }
    const forwarded = httpRequest(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
    });
    forwarded.on('error', (error) => response.writeHead(502).end(error.message));
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the version proxy has no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => { resolve(); })) };
}

/** Runs a command without blocking the event loop (the proxy above lives in this process). */
function runAsync(command: string, args: readonly string[]): Promise<{ readonly code: number | null; readonly output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, output });
    });
  });
}

async function seconds(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  const services = await startServices({ services: ['elasticsearch', 'kinesis'], log: (line) => { console.log(`[services] ${line}`); } });
  const { elasticsearch: es, kinesis: kinesisEndpoint } = services.endpoints;
  const client = new Client({ node: es.url, ...(es.auth === undefined ? {} : { auth: es.auth }) });
  const kinesis = localKinesisClient(kinesisEndpoint);
  const folder = mkdtempSync(join(tmpdir(), 'producer-bench-'));
  const index = `bench-clicks-${Date.now()}`;
  try {
    console.log(`indexing ${DOCS} documents into ${index}`);
    await client.indices.create({ index, settings: { number_of_shards: 2, number_of_replicas: 0 }, mappings: { properties: { '@timestamp': { type: 'date' } } } });
    for (let from = 0; from < DOCS; from += 5000) {
      const operations = Array.from({ length: Math.min(5000, DOCS - from) }, (_, offset) => [{ index: { _id: `e-${from + offset}` } }, document(from + offset)]).flat();
      const response = await client.bulk({ index, operations, refresh: from + 5000 >= DOCS ? 'wait_for' : false });
      if (response.errors) throw new Error('bulk indexing failed');
    }
    const read = { index, sortField: '@timestamp', pageSize: PAGE_SIZE };

    // (a) the bare read loop
    let counted = 0;
    const bareSeconds = await seconds(async () => {
      for await (const page of readPages(client, read, { kind: 'range', from: 0 })) counted += page.length;
    });
    if (counted !== DOCS) throw new Error(`the read loop saw ${counted} of ${DOCS} documents`);
    console.log(`  (a) bare PIT read loop: ${bareSeconds.toFixed(1)} s`);

    // (b) elasticdump
    const dumpFile = join(folder, 'dump.json');
    const proxy = await versionProxy(es.url, client);
    const dumpSeconds = await seconds(async () => {
      const result = await runAsync(join(REPO_ROOT, 'node_modules/.bin/elasticdump'), [`--input=${proxy.url}/${index}`, `--output=${dumpFile}`, '--type=data', `--limit=${PAGE_SIZE}`]);
      if (result.code !== 0) throw new Error(`elasticdump failed: ${result.output.slice(-1000)}`);
    });
    await proxy.close();
    const dumped = readFileSync(dumpFile, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
    if (dumped !== DOCS) throw new Error(`elasticdump wrote ${dumped} of ${DOCS} documents`);
    console.log(`  (b) elasticdump to a file: ${dumpSeconds.toFixed(1)} s`);

    // The ceiling of each Kinesis API: the same records, already serialized, through the same writer.
    const encoder = new TextEncoder();
    const records = Array.from({ length: DOCS }, (_, position) => {
      const event = document(position);
      return { partitionKey: event.user_id, data: encoder.encode(JSON.stringify(event)), tag: position };
    });
    const ceiling = async (): Promise<number> => {
      const apiClient = localKinesisClient(kinesisEndpoint);
      const stream = `bench-ceiling-${Date.now()}`;
      await createStream(apiClient, stream, SHARDS);
      const writer = new KinesisRecordWriter(apiClient, { stream, lanes: LANES });
      const time = await seconds(async () => {
        for (let from = 0; from < DOCS; from += PAGE_SIZE) await writer.write(records.slice(from, from + PAGE_SIZE));
      });
      apiClient.destroy();
      console.log(`  kinesalite alone (PutRecords of pre-serialized records): ${time.toFixed(1)} s`);
      return time;
    };
    const ceilingSeconds = await ceiling();

    // The producer, into the same Kinesis API.
    const runProducer = async (): Promise<number> => {
      const apiClient = localKinesisClient(kinesisEndpoint);
      const raw = `bench-raw-${Date.now()}`;
      await Promise.all([createStream(apiClient, raw, SHARDS), createStream(apiClient, `${raw}-dlq`)]);
      apiClient.destroy();
      const config = resolveConfig(
        {
          'es-url': es.url,
          ...(es.auth === undefined ? {} : { 'es-username': es.auth.username, 'es-password': es.auth.password }),
          index,
          stream: raw,
          'dead-letter': `kinesis:${raw}-dlq`,
          'kinesis-endpoint': kinesisEndpoint.endpoint,
          region: kinesisEndpoint.region,
          lanes: String(LANES),
          'page-size': String(PAGE_SIZE),
          checkpoint: `file:${join(folder, 'producer.json')}`,
        },
        {},
      );
      const built = await buildProducer(config, join(folder, 'unused.json'));
      let sent = 0;
      const time = await seconds(async () => {
        sent = (await backfill(built.parts, { from: START, to: START + DOCS * 5 })).counts.sent;
      });
      await built.close();
      if (sent !== DOCS) throw new Error(`the producer sent ${sent} of ${DOCS} documents to kinesalite`);
      console.log(`  producer ES -> kinesalite: ${time.toFixed(1)} s`);
      return time;
    };
    const producerSeconds = await runProducer();

    const rate = (time: number) => Math.round(DOCS / time);
    const results = {
      docs: DOCS,
      // Per-core rates (npm run capacity) divide by the cores of the machine that measured.
      cores: availableParallelism(),
      bareReadPerSecond: rate(bareSeconds),
      elasticdumpPerSecond: rate(dumpSeconds),
      kinesaliteAlonePerSecond: rate(ceilingSeconds),
      producerToKinesalitePerSecond: rate(producerSeconds),
    };
    const producer = results.producerToKinesalitePerSecond;
    console.log(`\nproducer, ${DOCS} documents, page ${PAGE_SIZE}, ${LANES} lanes, ${SHARDS}-shard stream on kinesalite:`);
    console.log('| measure | docs/s | producer / this |');
    console.log('|---|---|---|');
    console.log(`| (a) bare PIT read loop (the limit) | ${results.bareReadPerSecond} | ${(producer / results.bareReadPerSecond).toFixed(2)}x |`);
    console.log(`| (b) elasticdump to a file | ${results.elasticdumpPerSecond} | ${(producer / results.elasticdumpPerSecond).toFixed(2)}x |`);
    console.log(`| kinesalite alone, same writer | ${results.kinesaliteAlonePerSecond} | ${(producer / results.kinesaliteAlonePerSecond).toFixed(2)}x |`);
    console.log(`| producer ES -> kinesalite | ${producer} | 1.00x |`);
    const file = writeResults('producer', results);
    console.log(`\nresults: ${file}`);
  } finally {
    await client.indices.delete({ index, ignore_unavailable: true }).catch(() => undefined);
    await client.close();
    kinesis.destroy();
    rmSync(folder, { recursive: true, force: true });
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
