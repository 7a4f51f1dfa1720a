import { describe, expect, it } from 'vitest';
import { v1 as userAlerts } from '../../jobs/user-alerts.js';
import { putJson, waitForRecords } from '../../local/services/kinesis-streams.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * A UNION ALL of two jobs (jobs/user-alerts.ts: abandoned carts and flagged click rates) compiled
 * and run on embedded Flink against the Kinesis API; the expected alerts are worked out in the comments.
 */
const BASE = Date.parse('2026-11-23T10:00:00Z');
const { flink, client } = flinkHarnessForThisFile();
const at = (minute: number, second = 0): number => BASE + minute * 60_000 + second * 1000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('UNION ALL on embedded Flink', () => {
  it('puts the alerts of both jobs in one stream: an abandoned cart and a bot-like click rate', async () => {
    // Prepare
    const input = [
      // Cart: a view, an add-to-cart, and the next click 39 minutes later: abandoned.
      testClick(at(0), { event_id: 'cart-1', user_id: 'shopper', event_type: 'view', url: '/p/7', price: 19.9 }),
      testClick(at(1), { event_id: 'cart-2', user_id: 'shopper', event_type: 'add_to_cart', url: '/p/7', price: 19.9 }),
      // Bot: 25 clicks within the minute 10:02, more than the 20 a minute `bot_rate` allows.
      ...Array.from({ length: 25 }, (_, index) => testClick(at(2, index * 2), { event_id: `bot-${String(index)}`, user_id: 'bot', event_type: 'view', url: `/p/${String(index)}` })),
      testClick(at(40), { event_id: 'cart-3', user_id: 'shopper', event_type: 'view', url: '/home' }),
    ];
    const { streams, start } = await flink.deploy(userAlerts, 'user-alerts');
    const runner = start();

    // Act: then a click a minute, as a live stream goes on, moving the watermark past 10:40 (which
    // closes the cart's match); they alert nothing themselves. One last click is not always enough:
    // under CPU load in CI the job once held back the second alert until another record came.
    await putJson(client, streams.source, input, 'user_id');
    let rows: Record<string, unknown>[] = [];
    for (let minute = 60; rows.length < 2 && minute < 70; minute++) {
      await putJson(client, streams.source, [testClick(at(minute), { event_id: `later-${String(minute)}`, user_id: 'someone', event_type: 'view', url: '/home' })], 'user_id');
      rows = await waitForRecords(client, streams.sink, 2, 10_000);
    }
    if (rows.length < 2) throw new Error(`got ${String(rows.length)} of 2 alerts; runner ${runner.exitDescription}, log:\n${runner.logTail(30)}`);

    // Assess
    const byUser = (row: Record<string, unknown>): string => String(row.user_id);
    expect([...rows].sort((a, b) => byUser(a).localeCompare(byUser(b)))).toEqual([
      // The minute 10:02-10:03 with 25 clicks; its own average is 25, so no spike against it, and one minute gives no z-score.
      { user_id: 'bot', feature_set: 'user-alerts.v1', alert: 'bot_rate', detected_at: iso(at(3)), detail: '25' },
      { user_id: 'shopper', feature_set: 'user-alerts.v1', alert: 'abandoned_cart', detected_at: iso(at(40)), detail: '/p/7' },
    ]);
  });
});
