/**
 * The whole pipeline, as `npm start` runs it: generated clicks -> Elasticsearch -> producer process ->
 * Kinesis -> Flink jobs on embedded Flink -> Kinesis -> enricher (Redis, model server) -> DynamoDB.
 * The invariant: every generated event is a prediction or a dead letter, exactly; then the same with
 * processes killed, Redis stopped and the ML API failing on the way.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FEATURE_SET } from '../../enricher/feature-row.js';
import type { ClickEvent } from '../../producer/click-event.js';
import type { Manifest } from '../../sql/compiler/manifest.js';
import { userActivityFeatures } from '../../model/user-activity-features.js';
import { HOPS } from '../../local/pipeline/event-timeline.js';
import { runPipeline, type RunningPipeline } from '../../local/pipeline/pipeline-run.js';
import { renderRunReport } from '../../local/pipeline/run-report.js';
import { summaryLines } from '../../local/pipeline/run-summary.js';
import { freeLoopbackPort } from '../../local/services/free-port.js';
import type { ManagedProcess } from '../../common/process/managed-process.js';
import { renderedDom, screenshot } from '../support/headless-chromium.js';
import { startOwnRedis } from '../support/own-redis-server.js';
import { uniqueName } from '../support/unique-name.js';

const services = inject('services');
/** The fault run: the scored job alone, at a rate the machine keeps up with while processes restart. */
const EVENTS = 20_000;
const RATE = 400;
/** The run `npm start` makes by default: every job in jobs/ on one embedded Flink, 20,000 clicks in a minute. */
const ALL_JOBS_EVENTS = 20_000;
const ALL_JOBS_RATE = 333;
const running: RunningPipeline[] = [];
/**
 * Records no job can read, put straight into the raw stream past the producer's validation (another writer, a
 * schema drift, a truncated write): not JSON, a NOT NULL column missing, a value of the wrong type. None has an
 * event id, so they are no generated event: each job reading the stream dead-letters each one and keeps running.
 */
const POISON_RECORDS = ['{"user_id": "poison", "ts": ', JSON.stringify({ user_id: 'poison', ts: 1 }), JSON.stringify({ user_id: 'poison', session_id: 's', event_type: 'view', url: '/', ip: '10.0.0.1', user_agent: 'x', price: 'ten', ts: 'yesterday' })];

afterAll(async () => {
  await Promise.all(running.map((run) => run.stop()));
});

function log(line: string): void {
  console.log(`[pipeline] ${line}`);
}

/** Every generated event is exactly one of: a prediction, a dead letter; and nothing else is predicted. */
function expectEveryEventAccountedFor(run: RunningPipeline): void {
  const { result, clicks } = run;
  const valid = clicks.filter((click) => click.event !== null).map((click) => click.id);
  const malformed = clicks.filter((click) => click.event === null).map((click) => click.id);
  expect(result.missing, 'unaccounted events and where they were last seen').toEqual([]);
  expect(result.outcome).toBe('complete');
  // The generator's malformed documents are the producer's dead letters; every valid one is predicted.
  expect(result.counts.deadLettered).toEqual({ producer: malformed.length, enricher: 0, eventSource: 0 });
  expect([...run.predictions.keys()].sort()).toEqual(valid.sort());
  expect(result.counts.predictions + result.counts.deadLettered.producer).toBe(clicks.length);
  expect(result.counts.unexpectedPredictions).toBe(0);
}

describe('the whole pipeline on one machine', () => {
  it('with every job in jobs/ running, every generated event becomes a prediction or a dead letter, predictions carry the features an independent computation gives, and the run report renders in a browser', async () => {
    // Act
    const workDir = mkdtempSync(join(tmpdir(), 'pipeline-e2e-'));
    const run = await runPipeline(services, {
      events: ALL_JOBS_EVENTS,
      ratePerSecond: ALL_JOBS_RATE,
      seed: 7,
      malformedShare: 0.01,
      runId: uniqueName('e2e'),
      workDir,
      settleTimeoutMs: 60_000,
      faults: [{ name: 'records no job can read, straight into the raw stream', afterIndexed: 2_000, inject: (control) => control.putRawRecords(POISON_RECORDS) }],
      log,
    });
    running.push(run);
    await run.stop();
    log(summaryLines(run.result).join('\n'));

    // Assess: every compiled job ran, the enricher scored its feature set among their rows.
    const manifest = JSON.parse(readFileSync(join(workDir, 'jobs', 'manifest.json'), 'utf8')) as Manifest;
    expect(run.result.jobs).toEqual(manifest.jobs.map((job) => job.name));
    expect(run.result.jobs.length).toBeGreaterThan(1);
    expect(run.result.counts.featureRows).toBeGreaterThan(run.result.counts.predictions);
    expectEveryEventAccountedFor(run);
    // Each job reading the raw stream dead-lettered each unreadable record, and kept running (its rows were scored).
    const readingRaw = manifest.jobs.filter((job) => job.resources.some((resource) => resource.kind === 'stream' && resource.access === 'read' && resource.stream.endsWith('-raw'))).map((job) => job.name);
    expect(readingRaw.length).toBeGreaterThan(1);
    expect(run.result.counts.jobDeadLetters).toEqual(Object.fromEntries(readingRaw.map((job) => [job, POISON_RECORDS.length])));
    // Nothing else is sent twice: the unreadable records are not events.
    expect(run.result.counts.rawRecords).toBe(run.result.counts.rawEvents);
    expect(run.result.counts.producerRead).toBe(run.result.counts.generated);
    expect(run.result.counts.deadLetterMessages).toBe(run.result.counts.deadLettered.producer);
    // The user-activity job written again in TypeScript, over the same clicks, gives the same features.
    const events = run.clicks.flatMap((click): ClickEvent[] => (click.event === null ? [] : [click.event]));
    const expected = userActivityFeatures(events);
    for (const twin of expected.filter((_, index) => index % 20 === 0)) {
      const features = run.predictions.get(twin.event_id)?.features as Record<string, unknown> | undefined;
      expect(features, twin.event_id).toBeDefined();
      for (const [column, value] of Object.entries(twin)) {
        if (typeof value === 'number' && !Number.isInteger(value)) expect(features?.[column], `${twin.event_id}.${column}`).toBeCloseTo(value, 6);
        else expect(features?.[column], `${twin.event_id}.${column}`).toEqual(value);
      }
    }
    // Every hop was measured for every prediction.
    for (const { hop, distribution } of run.result.latency) expect(distribution.count, hop.label).toBe(run.result.counts.predictions);

    // The report, opened in headless chromium: its script drew a chart per hop and three of throughput.
    const reportPath = join(workDir, 'run-report.html');
    writeFileSync(reportPath, renderRunReport(run.result));
    const dom = await renderedDom(reportPath);
    expect(dom).toContain(`data-charts-drawn="${String(HOPS.length + 3)}"`);
    expect(dom.match(/<rect /g)?.length ?? 0).toBeGreaterThan(HOPS.length);
    for (const hop of HOPS) expect(dom).toContain(hop.label.replace(/>/g, '&gt;'));
    const png = join(workDir, 'run-report.png');
    await screenshot(reportPath, png);
    expect(existsSync(png)).toBe(true);
    log(`run report ${reportPath}, screenshot ${png}`);
  }, 600_000);

  it('still holds with the producer and the Flink job killed -9 and restarted, Redis stopped and the ML API failing for a while', async () => {
    // Prepare: a Redis of its own, to stop and start again.
    const folder = mkdtempSync(join(tmpdir(), 'pipeline-faults-'));
    const redisPort = await freeLoopbackPort();
    let redis: ManagedProcess = await startOwnRedis(redisPort, folder);
    const redisUrl = `redis://127.0.0.1:${String(redisPort)}`;

    // Act
    const run = await runPipeline(
      { ...services, redis: { url: redisUrl, host: '127.0.0.1', port: redisPort } },
      {
        events: EVENTS,
        ratePerSecond: RATE,
        jobs: [FEATURE_SET],
        seed: 8,
        malformedShare: 0.01,
        runId: uniqueName('e2e-faults'),
        workDir: folder,
        settleTimeoutMs: 90_000,
        log,
        faults: [
          { name: 'kill -9 the producer', afterIndexed: EVENTS * 0.2, inject: (control) => control.killProducer() },
          {
            name: 'stop Redis for 3 s',
            afterIndexed: EVENTS * 0.35,
            inject: async () => {
              await redis.stop(1_000);
              await sleep(3_000);
              redis = await startOwnRedis(redisPort, folder);
            },
          },
          { name: 'kill -9 the Flink job', afterIndexed: EVENTS * 0.5, inject: (control) => control.killFlinkJobs() },
          {
            name: 'the ML API answers 500 for 3 s',
            afterIndexed: EVENTS * 0.7,
            inject: (control) => {
              control.failModelRequests(3_000);
              return Promise.resolve();
            },
          },
        ],
      },
    );
    running.push(run);
    await run.stop();
    await redis.stop(1_000);
    log(summaryLines(run.result).join('\n'));

    // Assess
    expect(run.result.faults.map((fault) => fault.name)).toHaveLength(4);
    expectEveryEventAccountedFor(run);
  }, 900_000);
});
