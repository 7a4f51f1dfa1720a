import { describe, expect, it } from 'vitest';
import { v1 as purchaseRecency } from '../../jobs/purchase-recency.js';
import { v1 as sessionLanding } from '../../jobs/session-landing.js';
import { v1 as viewToPurchase } from '../../jobs/view-to-purchase.js';
import type { ClickEvent } from '../../producer/click-event.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * The join jobs (interval, regular, temporal) compiled and run on embedded Flink against the Kinesis
 * API; the expected rows are worked out by hand in the comments.
 */
const BASE = Date.parse('2026-11-23T10:00:00Z');
const { flink } = flinkHarnessForThisFile();

function click(session: string, minute: number, eventType: string, url: string, price: number | null): ClickEvent {
  return testClick(BASE + minute * 60_000, { event_id: `${session}-${String(minute)}`, user_id: `user-of-${session}`, session_id: session, event_type: eventType, url, price });
}

describe('joins on embedded Flink', () => {
  it('an interval join pairs each priced view with the purchases of its session up to 30 minutes later', async () => {
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

  it("a regular join gives every click its session's landing: the first click of the session to arrive", async () => {
    // Prepare
    const landing = (session: string, minute: number, url: string, referrer: string | null) => ({ ...click(session, minute, 'view', url, null), referrer });
    const input = [
      landing('s1', 0, '/home', 'https://search.example/?q=shoes'),
      click('s1', 2, 'view', '/p1', 10),
      landing('s2', 1, '/sale', null),
      click('s1', 7, 'add_to_cart', '/p1', 10),
      click('s2', 3, 'view', '/p2', 20),
    ];

    // Act
    const rows = await flink.run(sessionLanding, 'session-landing', input, input.length);

    // Assess
    const expected = (session: string, minute: number, eventType: string, landingUrl: string, referrer: string | null, landedMinute: number) => ({
      user_id: `user-of-${session}`,
      feature_set: 'session-landing.v1',
      event_id: `${session}-${String(minute)}`,
      session_id: session,
      event_type: eventType,
      landing_url: landingUrl,
      landing_referrer: referrer,
      seconds_since_landing: (minute - landedMinute) * 60,
    });
    const byEvent = (row: Record<string, unknown>): string => String(row.event_id);
    expect([...rows].sort((a, b) => byEvent(a).localeCompare(byEvent(b)))).toEqual([
      expected('s1', 0, 'view', '/home', 'https://search.example/?q=shoes', 0), // the landing joins itself
      expected('s1', 2, 'view', '/home', 'https://search.example/?q=shoes', 0),
      expected('s1', 7, 'add_to_cart', '/home', 'https://search.example/?q=shoes', 0),
      expected('s2', 1, 'view', '/sale', null, 1),
      expected('s2', 3, 'view', '/sale', null, 1),
    ]);
  });

  it("a temporal join gives every click the user's latest purchase as of the click's event time, NULLs before the first", async () => {
    // Prepare: one user buys twice; another never. Rows leave the join once the watermark passes
    // them: a click 10 minutes later moves it past all the others (and stays in the join itself).
    const buyer = (minute: number, eventType: string, price: number | null) => click('s1', minute, eventType, '/p', price);
    const input = [
      buyer(0, 'view', 30), // nothing bought yet: NULLs
      buyer(2, 'purchase', 30), // sees itself: bought 0 s ago
      click('s2', 3, 'view', '/p', 5), // another user, nothing bought
      buyer(5, 'view', 10), // the purchase at minute 2, 180 s ago
      buyer(6, 'purchase', 10), // itself
      buyer(8, 'view', 10), // the purchase at minute 6, 120 s ago
      click('s2', 20, 'view', '/p', 5), // moves the watermark
    ];

    // Act
    const rows = await flink.run(purchaseRecency, 'purchase-recency', input, input.length - 1);

    // Assess
    const expected = (session: string, minute: number, eventType: string, purchase: { minute: number; value: number } | null) => ({
      user_id: `user-of-${session}`,
      feature_set: 'purchase-recency.v1',
      event_id: `${session}-${String(minute)}`,
      event_type: eventType,
      last_purchase_event_id: purchase === null ? null : `${session}-${String(purchase.minute)}`,
      last_order_value: purchase?.value ?? null,
      seconds_since_purchase: purchase === null ? null : (minute - purchase.minute) * 60,
    });
    const byEvent = (row: Record<string, unknown>): string => String(row.event_id);
    expect([...rows].sort((a, b) => byEvent(a).localeCompare(byEvent(b)))).toEqual([
      expected('s1', 0, 'view', null),
      expected('s1', 2, 'purchase', { minute: 2, value: 30 }),
      expected('s1', 5, 'view', { minute: 2, value: 30 }),
      expected('s1', 6, 'purchase', { minute: 6, value: 10 }),
      expected('s1', 8, 'view', { minute: 6, value: 10 }),
      expected('s2', 3, 'view', null),
    ]);
  });
});
