import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { v1 as userActivity } from '../../jobs/user-activity.js';
import { v1 as userSessions } from '../../jobs/user-sessions.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../../clickstream-generator/clickstream.js';
import { userActivityFeatures } from '../../model/user-activity-features.js';
import { putJson, waitForRecords } from '../../local/services/kinesis-streams.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { finishedParquetRows, type LakeRow } from '../support/parquet-files.js';

/**
 * TypeScript job -> Flink SQL -> the runner on an embedded Flink, reading and writing the local Kinesis API:
 * what only the deployed connectors show (data-lake files committed by checkpoints, restore after kill -9, an
 * idle shard, a generated clickstream end to end). What each job computes, with event time and watermarks
 * driven explicitly, is in its job tests (jobs/*.test.ts, `npm run test-jobs`). Expected rows are worked out
 * by hand in the comments, never by the compiler.
 */
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

/** A user id whose partition key hashes into the same of two shards as u1's. */
const SAME_SHARD_AS_U1 = 'u6';

const { flink, client } = flinkHarnessForThisFile();

/** Waits until Flink has completed a checkpoint (a `_metadata` file) newer than `after`. */
async function checkpointCompletedAfter(folder: string, after: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = existsSync(folder) ? (readdirSync(folder, { recursive: true }) as string[]) : [];
    if (files.some((file) => file.endsWith('_metadata') && statSync(join(folder, file)).mtimeMs > after)) return;
    await sleep(200);
  }
  throw new Error(`no checkpoint completed in ${folder} within ${timeoutMs} ms`);
}

describe('compiled jobs on embedded Flink against the Kinesis API', () => {
  it('the session also lands in the data lake: a Parquet row in the folder of its day, once a checkpoint commits the file', async () => {
    // Prepare
    const { streams, folder, start } = await flink.deploy(userSessions, 'user-sessions');
    start(['--checkpoints', join(folder, 'checkpoints'), '--checkpoint-interval', '1000']);

    // Act
    await putJson(client, streams.source, CLICKS, 'user_id');
    const [streamed] = await waitForRecords(client, streams.sink, 1, 60_000);
    const lake = join(folder, 'data-lake', 'user-sessions');
    let rows: LakeRow[] = [];
    for (let waited = 0; rows.length === 0 && waited < 30_000; waited += 500) {
      await sleep(500);
      if (existsSync(lake)) rows = await finishedParquetRows(lake);
    }

    // Assess: the same values as on the stream (Parquet keeps counts as 64-bit integers, times as instants).
    expect(rows).toHaveLength(1);
    const [{ folders, values }] = rows as [LakeRow];
    expect(folders).toEqual({ dt: '2026-11-23' });
    expect({
      ...values,
      event_count_session: Number(values.event_count_session),
      url_count_distinct_session: Number(values.url_count_distinct_session),
      purchases_in_session: Number(values.purchases_in_session),
      window_start: (values.window_start as Date).toISOString(),
      window_end: (values.window_end as Date).toISOString(),
      session_first_event_at: (values.session_first_event_at as Date).toISOString(),
    }).toEqual({
      ...streamed,
      window_start: '2026-11-23T10:00:00.000Z',
      window_end: '2026-11-23T10:33:00.000Z',
      session_first_event_at: '2026-11-23T10:00:00.000Z',
    });
  });

  it('resumes from its latest checkpoint after kill -9: no row lost, none repeated, state kept', async () => {
    // Prepare: checkpoints every second into a folder the restarted runner reads.
    const deployment = await flink.deploy(userActivity, 'user-activity');
    const checkpoints = join(deployment.folder, 'checkpoints');
    const checkpointArgs = ['--checkpoints', checkpoints, '--checkpoint-interval', '1000'];
    const first = deployment.start(checkpointArgs);
    const batch1 = CLICKS.slice(0, 4);
    const u3 = { ...CLICKS[0], event_id: 'u3-first', user_id: 'u3', ts: BASE + 10 * 60_000 }; // moves the watermark past batch 1
    await putJson(client, deployment.streams.source, [...batch1, u3], 'user_id');
    await waitForRecords(client, deployment.streams.sink, 4, 90_000, 0);
    await checkpointCompletedAfter(checkpoints, Date.now(), 30_000);

    // Act: crash, more events, restart on the same checkpoints.
    process.kill(-first.pid, 'SIGKILL');
    await first.exited;
    const batch2 = [20, 21].map((minute, index) => ({ ...CLICKS[0], event_id: `e${4 + index}`, url: `/p${4 + index}`, price: 50, ts: BASE + minute * 60_000 }));
    const sentinel = { ...CLICKS[4], event_id: 'sentinel-2', ts: BASE + 90 * 60_000 };
    await putJson(client, deployment.streams.source, [...batch2, sentinel], 'user_id');
    const second = deployment.start(checkpointArgs);
    const rows = await waitForRecords(client, deployment.streams.sink, 7, 90_000);

    // Assess
    const ids = rows.map((row) => row.event_id);
    expect(second.logTail(50)).toMatch(/restoring \S+job\.sql from checkpoint \S+\/checkpoints\/job\//);
    // Every event's row is there once: batch 1 was checkpointed, so it is neither lost nor read again.
    expect([...ids].sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'u3-first']);
    // e4's trailing hour (09:20-10:20) holds e0..e4, prices 10, 20, 30, 40, 50: count 5, mean 150 / 5 = 30.
    // With lost OVER state it would be count 1, mean 50: the restored state remembered batch 1.
    expect(rows.find((row) => row.event_id === 'e4')).toMatchObject({ event_count_1h: 5, price_avg_1h: 30 });
  });

  it('closes event-time windows even when a shard of the source stream gets no events', async () => {
    // Prepare: two shards, but u1 and the sentinel user hash into the same one (MD5 of the partition
    // key in the upper half of the key space); the other shard stays idle and must not hold the
    // watermark (the minimum over shards) back for ever.
    const { streams, start } = await flink.deploy(userSessions, 'user-sessions', 2);
    start();
    const sameShardSentinel = { ...CLICKS[4], user_id: SAME_SHARD_AS_U1 };

    // Act
    await putJson(client, streams.source, [...CLICKS.slice(0, 4), sameShardSentinel], 'user_id');
    const rows = await waitForRecords(client, streams.sink, 1, 60_000);

    // Assess: u1's session closed, as with one shard.
    expect(rows.map((row) => [row.user_id, row.event_count_session])).toEqual([['u1', 4]]);
  });
  it('the TypeScript twin the model is trained on gives the rows the job gives on Flink, over a generated clickstream', async () => {
    // Prepare: half an hour of the synthetic shop with a bot burst and price outliers, in time order;
    // a sentinel two hours on moves the watermark past all of it.
    const events = [
      ...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed: 11, events: 1500, start: BASE, eventsPerHour: 3000, malformedShare: 0, anomalies: { botBurst: 0.01, cartAbandonment: 0.05, priceOutlier: 0.1 } }),
    ].flatMap((click) => (click.event === null ? [] : [click.event]));
    const last = events.at(-1)?.ts ?? BASE;
    const sentinel = { ...CLICKS[4], user_id: 'sentinel', ts: last + 2 * 3_600_000 };
    const expected = new Map(userActivityFeatures(events).map((row) => [row.event_id, row]));

    // Act
    const rows = await flink.run(userActivity, 'user-activity', [...events, sentinel], events.length);

    // Assess: the same row for every click; doubles equal up to rounding in the last digits.
    expect(rows).toHaveLength(events.length);
    for (const row of rows) {
      const twin = expected.get(String(row.event_id));
      expect(twin, String(row.event_id)).toBeDefined();
      for (const [column, value] of Object.entries(twin ?? {})) {
        const actual = row[column];
        if (typeof value === 'number' && !Number.isInteger(value)) expect(actual, `${String(row.event_id)}.${column}`).toBeCloseTo(value, 6);
        else expect(actual, `${String(row.event_id)}.${column}`).toEqual(value);
      }
    }
  });
});
