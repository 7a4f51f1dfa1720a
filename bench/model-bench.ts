/**
 * npm run bench:model [-- --requests 500]
 *
 * Latency of the reference model server per inference request of 100 feature rows, over HTTP on
 * loopback, one request at a time: p50/p99 beside the same server's `GET /v2/health/ready` measured in
 * the same run (HTTP and fastify alone, the baseline). The server runs as its own process, as the
 * enricher sees it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../common/repo-paths.js';
import { percentile, writeResults } from './bench-results.js';
import { freeLoopbackPort } from '../local/services/free-port.js';
import { ManagedProcess } from '../common/process/managed-process.js';
import { MODEL_NAME } from '../model/features.js';
import { labeledRows } from '../model/training-data.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '500' } } });
const REQUESTS = Number(values.requests);
const BATCH = 100;


async function timed(count: number, call: () => Promise<Response>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    const response = await call();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`the model server answered ${response.status}`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function main(): Promise<void> {
  const port = await freeLoopbackPort();
  const folder = mkdtempSync(join(tmpdir(), 'model-bench-'));
  const server = ManagedProcess.start({
    name: 'model-server',
    command: join(REPO_ROOT, 'node_modules/.bin/tsx'),
    args: ['model/server-cli.ts', '--port', String(port)],
    cwd: REPO_ROOT,
    logPath: join(folder, 'server.log'),
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ready = await fetch(`${base}/v2/health/ready`).then((response) => response.ok).catch(() => false);
      if (ready) break;
      if (server.hasExited || Date.now() > deadline) throw new Error(`the model server did not start (${server.exitDescription}):\n${server.logTail(20)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { rows } = labeledRows(BATCH, 1234);
    const body = JSON.stringify({ inputs: [{ name: 'features', shape: [BATCH, rows[0]?.length ?? 0], datatype: 'FP64', data: rows.flat() }] });
    const infer = () => fetch(`${base}/v2/models/${MODEL_NAME}/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const health = () => fetch(`${base}/v2/health/ready`);
    await timed(50, infer);
    await timed(50, health);
    const baseline = await timed(REQUESTS, health);
    const inference = await timed(REQUESTS, infer);
    console.log(`\nmodel server, ${REQUESTS} sequential requests each (loopback HTTP, own process):`);
    console.log('| request | p50 ms | p99 ms | p50 vs baseline |');
    console.log('|---|---|---|---|');
    console.log(`| baseline: GET /v2/health/ready | ${baseline.p50.toFixed(2)} | ${baseline.p99.toFixed(2)} | 1.0x |`);
    console.log(`| infer, ${BATCH} rows | ${inference.p50.toFixed(2)} | ${inference.p99.toFixed(2)} | ${(inference.p50 / baseline.p50).toFixed(1)}x |`);
    const file = writeResults('model', { requests: REQUESTS, batch: BATCH, baseline, inference });
    console.log(`\nresults: ${file}`);
  } finally {
    await server.stop(5_000);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
