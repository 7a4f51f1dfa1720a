import { describe, expect, it } from 'vitest';
import { v1 as viewToPurchase } from '../../jobs/view-to-purchase.js';
import type { ClickEvent } from '../../producer/click-event.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * An interval join (jobs/view-to-purchase.ts) compiled and run on embedded Flink against the Kinesis
 * API; the expected pairs are worked out by hand in the comments.
 */
const BASE = Date.parse('2026-11-23T10:00:00Z');
const { flink } = flinkHarnessForThisFile();

function click(session: string, minute: number, eventType: string, url: string, price: number | null): ClickEvent {
  return testClick(BASE + minute * 60_000, { event_id: `${session}-${String(minute)}`, user_id: `user-of-${session}`, session_id: session, event_type: eventType, url, price });
}

describe('interval joins on embedded Flink', () => {
  it('pairs each priced view with the purchases of its session up to 30 minutes later', async () => {
    // Prepare
    const input = [
      click('s1', 0, 'view', '/p1', 10),
      click('s1', 5, 'view', '/category/shoes', null), // not priced: not a product view
      click('s1', 10, 'view', '/p2', 20),
      click('s1', 20, 'purchase', '/checkout/confirm', 30), // 20 min after /p1, 10 after /p2
      click('s1', 25, 'view', '/p3', 5), // after that purchase: a view is not paired backwards
      click('s1', 50, 'purchase', '/checkout/confirm', 5), // 50 and 40 min after /p1 and /p2: too late; 25 after /p3
      click('s2', 0, 'view', '/p1', 10), // s2 buys nothing; s3's purchase is another session's
      click('s3', 1, 'purchase', '/checkout/confirm', 10),
    ];

    // Act
    const rows = await flink.run(viewToPurchase, 'view-to-purchase', input, 3);

    // Assess
    const pair = (viewedMinute: number, url: string, price: number, boughtMinute: number, value: number) => ({
      session_id: 's1',
      feature_set: 'view-to-purchase.v1',
      user_id: 'user-of-s1',
      viewed_event_id: `s1-${String(viewedMinute)}`,
      product_url: url,
      product_price: price,
      viewed_at: new Date(BASE + viewedMinute * 60_000).toISOString().replace('.000Z', 'Z'),
      purchase_event_id: `s1-${String(boughtMinute)}`,
      order_value: value,
      bought_at: new Date(BASE + boughtMinute * 60_000).toISOString().replace('.000Z', 'Z'),
    });
    const byView = (row: Record<string, unknown>): string => String(row.viewed_event_id);
    expect([...rows].sort((a, b) => byView(a).localeCompare(byView(b)))).toEqual([pair(0, '/p1', 10, 20, 30), pair(10, '/p2', 20, 20, 30), pair(25, '/p3', 5, 50, 5)]);
  });
});
