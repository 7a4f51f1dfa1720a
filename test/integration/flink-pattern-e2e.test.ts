import { describe, expect, it } from 'vitest';
import { v1 as cartAbandonment } from '../../jobs/cart-abandonment.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../../clickstream-generator/clickstream.js';
import type { ClickEvent } from '../../producer/click-event.js';
import { abandonedCarts } from '../support/abandoned-carts.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * A MATCH_RECOGNIZE job (jobs/cart-abandonment.ts) compiled and run on embedded Flink against the
 * Kinesis API. Hand-made users with expectations worked out in the comments, and a generated
 * clickstream checked against an independent scan (test/support/abandoned-carts.ts).
 */
const BASE = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const { flink } = flinkHarnessForThisFile();

function click(user: string, minute: number, eventType: string, url: string, price: number | null = null): ClickEvent {
  return testClick(BASE + minute * MINUTE, { event_id: `${user}-${String(minute)}`, user_id: user, event_type: eventType, url, price });
}

const HAND_MADE = [
  // h1 views /p1, carts it at 10:01, browses to checkout, and is back at 10:45 without buying: abandoned.
  click('h1', 0, 'view', '/p1', 20),
  click('h1', 1, 'add_to_cart', '/cart', 20),
  click('h1', 5, 'view', '/p2', 35),
  click('h1', 10, 'checkout', '/checkout', 20),
  click('h1', 45, 'view', '/'),
  // h2 buys 19 minutes after the add-to-cart: not abandoned.
  click('h2', 0, 'view', '/p1', 20),
  click('h2', 1, 'add_to_cart', '/cart', 20),
  click('h2', 20, 'purchase', '/checkout/confirm', 20),
  click('h2', 60, 'view', '/'),
  // h3 next clicks exactly 30 minutes after the add-to-cart: abandoned, with no click in between.
  click('h3', 0, 'view', '/p3', 12.5),
  click('h3', 1, 'add_to_cart', '/cart', 12.5),
  click('h3', 31, 'view', '/'),
  // h4 comes back after 25 hours: beyond the pattern's day, so not reported.
  click('h4', 0, 'view', '/p4', 8),
  click('h4', 1, 'add_to_cart', '/cart', 8),
  click('h4', 25 * 60, 'view', '/'),
  // h5 adds to the cart from the search page, not right after a product view: no match.
  click('h5', 0, 'search', '/search'),
  click('h5', 1, 'add_to_cart', '/cart', 9),
  click('h5', 40, 'view', '/'),
  // The day is measured from the view: h6 is back a minute before it ends (reported), h7 as it ends (not).
  click('h6', 0, 'view', '/p6', 6),
  click('h6', 1, 'add_to_cart', '/cart', 6),
  click('h6', 24 * 60 - 1, 'view', '/'),
  click('h7', 0, 'view', '/p7', 7),
  click('h7', 1, 'add_to_cart', '/cart', 7),
  click('h7', 24 * 60, 'view', '/'),
];
const HAND_MADE_USERS = new Set(HAND_MADE.map((event) => event.user_id));

describe('pattern jobs (MATCH_RECOGNIZE) on embedded Flink', () => {
  it('reports abandoned carts: hand-made users as worked out, a generated clickstream as an independent scan finds them', async () => {
    // Prepare: about four hours of the synthetic shop, few enough people that they come back, in
    // time order; one click per user and millisecond (Flink's order of equal times is not defined).
    const seen = new Set<string>();
    const generated = [
      ...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed: 23, events: 2_500, start: BASE, eventsPerHour: 700, people: 60, malformedShare: 0, anomalies: { botBurst: 0, cartAbandonment: 0.15, priceOutlier: 0 } }),
    ].flatMap(({ event }) => {
      if (event === null || seen.has(`${event.user_id}@${String(event.ts)}`)) return [];
      seen.add(`${event.user_id}@${String(event.ts)}`);
      return [event];
    });
    const expectedGenerated = abandonedCarts(generated, 'cart-abandonment.v1');
    const last = Math.max(...[...HAND_MADE, ...generated].map((event) => event.ts));
    // Two days on: the watermark passes every pending match and the day-long WITHIN.
    const sentinel = click('sentinel', (last - BASE) / MINUTE + 2 * 24 * 60, 'view', '/');
    const input = [...HAND_MADE, ...generated, sentinel].sort((a, b) => a.ts - b.ts);
    const expectedRows = 3 + expectedGenerated.length;

    // Act
    const rows = await flink.run(cartAbandonment, 'cart-abandonment', input, expectedRows);

    // Assess: the hand-made users.
    const common = { feature_set: 'cart-abandonment.v1' };
    const isHandMade = (row: Record<string, unknown>): boolean => HAND_MADE_USERS.has(String(row.user_id));
    expect(rows.filter(isHandMade).sort((a, b) => String(a.user_id).localeCompare(String(b.user_id)))).toEqual([
      { ...common, user_id: 'h1', product_url: '/p1', cart_price: 20, carted_at: '2026-11-23T10:01:00Z', clicks_after_cart: 2, left_from_url: '/checkout', returned_at: '2026-11-23T10:45:00Z' },
      { ...common, user_id: 'h3', product_url: '/p3', cart_price: 12.5, carted_at: '2026-11-23T10:01:00Z', clicks_after_cart: 0, left_from_url: null, returned_at: '2026-11-23T10:31:00Z' },
      { ...common, user_id: 'h6', product_url: '/p6', cart_price: 6, carted_at: '2026-11-23T10:01:00Z', clicks_after_cart: 0, left_from_url: null, returned_at: '2026-11-24T09:59:00Z' },
    ]);
    // The generated clickstream: enough abandoned carts to mean something, each found once, nothing else.
    expect(expectedGenerated.length).toBeGreaterThan(10);
    const byMatch = (row: Record<string, unknown>): string => `${String(row.user_id)} ${String(row.carted_at)}`;
    const actualGenerated = rows.filter((row) => !isHandMade(row)).sort((a, b) => byMatch(a).localeCompare(byMatch(b)));
    expect(actualGenerated).toEqual([...expectedGenerated].sort((a, b) => byMatch(a).localeCompare(byMatch(b))));
  });
});
