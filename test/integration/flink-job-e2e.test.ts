import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { v1 as userActivity } from '../../jobs/user-activity.js';
import { v1 as userSessions } from '../../jobs/user-sessions.js';
import { localKinesisClient } from '../../local/services/local-aws-clients.js';
import { ManagedProcess } from '../../local/services/managed-process.js';
import { compileJob } from '../../sql/compiler/compile-job.js';
import { localTarget } from '../../sql/compiler/compile-target.js';
import { jobIdentity } from '../../sql/compiler/job-identity.js';
import type { Job } from '../../sql/dsl/job-kinds.js';
import { createStream, putJson, waitForRecords } from '../support/kinesis-streams.js';
import { ensureRunnerJar } from '../support/runner-jar.js';
import { uniqueName } from '../support/unique-name.js';

/**
 * TypeScript job -> Flink SQL -> the runner on an embedded Flink, reading and writing the local
 * Kinesis API. Expected rows are worked out by hand in the comments, never by the compiler.
 */
const kinesis = inject('services').kinesis;
const client = localKinesisClient(kinesis);
const BASE = Date.parse('2026-11-23T10:00:00Z'); // a Monday; 05:00 in New York (EST, UTC-5)

/** Four views by u1 a minute apart, prices 10..40; then u2 an hour later, which moves the watermark past them. */
const CLICKS = [
  ...[0, 1, 2, 3].map((i) => ({
    event_id: `e${i}`,
    user_id: 'u1',
    session_id: 's1',
    event_type: 'view',
    url: `/p${i}`,
    referrer: null,
    ip: '10.0.0.1',
    zip: '10001',
    user_agent: 'test',
    price: 10 * (i + 1),
    ts: BASE + i * 60_000,
  })),
  { event_id: 'sentinel', user_id: 'u2', session_id: 's2', event_type: 'view', url: '/', referrer: null, ip: '10.0.0.2', zip: null, user_agent: 'test', price: null, ts: BASE + 3_600_000 },
];

const runners: ManagedProcess[] = [];
let jar = '';

beforeAll(() => {
  jar = ensureRunnerJar();
}, 600_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop(5_000)));
  client.destroy();
});

/** Compiles the job against fresh streams, starts the runner on it, writes CLICKS, returns what the job wrote. */
async function runJob(job: Job, name: string, expectedRows: number): Promise<Record<string, unknown>[]> {
  const streams = { raw: uniqueName('raw'), features: uniqueName('features') };
  await Promise.all(Object.values(streams).map((stream) => createStream(client, stream)));
  const compiled = compileJob(job, jobIdentity(`jobs/${name}.ts`, 'v1'), localTarget({ kinesisEndpoint: kinesis.endpoint, streamNames: streams }));
  const folder = mkdtempSync(join(tmpdir(), 'flink-e2e-'));
  writeFileSync(join(folder, 'job.sql'), compiled.sql);
  const runner = ManagedProcess.start({ name: 'runner', command: 'java', args: ['-jar', jar, 'run', join(folder, 'job.sql')], logPath: join(folder, 'runner.log') });
  runners.push(runner);
  await putJson(client, streams.raw, CLICKS, 'user_id');
  const rows = await waitForRecords(client, streams.features, expectedRows, 90_000);
  if (rows.length < expectedRows) throw new Error(`got ${rows.length} of ${expectedRows} rows; runner ${runner.exitDescription}, log:\n${runner.logTail(30)}`);
  return rows;
}

describe('compiled jobs on embedded Flink against the Kinesis API', () => {
  it('eventFeatures: one row per event with local time and trailing-hour statistics', async () => {
    // Act
    const rows = await runJob(userActivity, 'user-activity', 4);

    // Assess: z = (price - mean) / population stddev over u1's events so far; NULL while they are all equal.
    const common = { user_id: 'u1', feature_set: 'user-activity.v1', event_type: 'view', zip: '10001', hour_of_day: 5, day_of_week: 2 };
    // mean 20, stddev sqrt(200/3) = 8.1650: (30 - 20) / 8.1650 = 1.2247
    const zScoreOfE2: unknown = expect.closeTo(1.2247, 4);
    // mean 25, stddev sqrt(500/4) = 11.1803: (40 - 25) / 11.1803 = 1.3416
    const zScoreOfE3: unknown = expect.closeTo(1.3416, 4);
    expect(rows).toEqual([
      { ...common, event_id: 'e0', url: '/p0', price: 10, event_time: '2026-11-23T10:00:00Z', event_count_1h: 1, url_count_distinct_1h: 1, price_avg_1h: 10, price_zscore_1h: null },
      { ...common, event_id: 'e1', url: '/p1', price: 20, event_time: '2026-11-23T10:01:00Z', event_count_1h: 2, url_count_distinct_1h: 2, price_avg_1h: 15, price_zscore_1h: 1 },
      { ...common, event_id: 'e2', url: '/p2', price: 30, event_time: '2026-11-23T10:02:00Z', event_count_1h: 3, url_count_distinct_1h: 3, price_avg_1h: 20, price_zscore_1h: zScoreOfE2 },
      { ...common, event_id: 'e3', url: '/p3', price: 40, event_time: '2026-11-23T10:03:00Z', event_count_1h: 4, url_count_distinct_1h: 4, price_avg_1h: 25, price_zscore_1h: zScoreOfE3 },
    ]);
  });

  it('session window: u1’s four clicks form one session that closes 30 minutes after the last', async () => {
    // Act
    const rows = await runJob(userSessions, 'user-sessions', 1);

    // Assess: u2's session is still open (nothing after it moves the watermark), so only u1's is out.
    expect(rows).toEqual([
      {
        user_id: 'u1',
        feature_set: 'user-sessions.v1',
        window_start: '2026-11-23T10:00:00',
        window_end: '2026-11-23T10:33:00',
        event_count_session: 4,
        url_count_distinct_session: 4,
        price_sum_session: 100,
        price_max_session: 40,
        session_first_event_at: '2026-11-23T10:00:00Z',
        purchases_in_session: 0,
      },
    ]);
  });
});
