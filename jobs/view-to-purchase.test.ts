import { describe, expect, it } from 'vitest';
import { at, instant, jobTest, rawRecord } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { clicks } from './sources.js';
import { v1 } from './view-to-purchase.js';

const pairs = jobTest(v1, import.meta.url);

// The interval join reads the clicks twice (views, purchases) and its two inputs advance on their own, so which
// watermark a row reaches the sink under depends on the run: these tests compare rows only (expectRows), never when.
describe('view-to-purchase.v1: priced product views paired with purchases of the same session up to 30 minutes later (interval join)', () => {
  it('pairs a priced view with a purchase of its session 20 minutes later, with both times and the order value', async () => {
    // Act
    const run = await pairs.run([
      click({ event_id: 'view-1', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ event_id: 'buy-1', event_type: 'purchase', url: '/checkout/confirm', price: 30, ts: at('10:20') }),
    ]);

    // Assess
    run.expectRows([
      {
        session_id: 's1',
        feature_set: 'view-to-purchase.v1',
        user_id: 'u1',
        viewed_event_id: 'view-1',
        product_url: '/p1',
        product_price: 10,
        viewed_at: instant('10:00'),
        purchase_event_id: 'buy-1',
        order_value: 30,
        bought_at: instant('10:20'),
      },
    ]);
  });

  it('pairs a purchase exactly 30 minutes after the view, not one a millisecond later', async () => {
    // Act
    const run = await pairs.run([
      click({ session_id: 's1', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ session_id: 's2', event_type: 'view', url: '/p2', price: 20, ts: at('10:00') }),
      click({ session_id: 's1', event_type: 'purchase', price: 10, ts: at('10:30') }),
      click({ session_id: 's2', event_type: 'purchase', price: 20, ts: at('10:30:00.001') }),
    ]);

    // Assess
    run.expectRows([{ session_id: 's1', product_url: '/p1', viewed_at: instant('10:00'), bought_at: instant('10:30') }]);
  });

  it("pairs a purchase at the view's own instant, not one a millisecond before the view: the interval reaches forward only", async () => {
    // Act: s2's view comes 1 ms after its purchase (out of order by nothing: not behind the watermark).
    const run = await pairs.run([
      click({ session_id: 's1', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ session_id: 's1', event_type: 'purchase', price: 10, ts: at('10:00') }),
      click({ session_id: 's2', event_type: 'purchase', price: 20, ts: at('10:00') }),
      click({ session_id: 's2', event_type: 'view', url: '/p2', price: 20, ts: at('10:00:00.001') }),
    ]);

    // Assess
    run.expectRows([{ session_id: 's1', viewed_at: instant('10:00'), bought_at: instant('10:00') }]);
    expect(run.behindWatermark).toEqual([]);
  });

  it('one view followed by two purchases gives two rows, and two views followed by one purchase give two rows', async () => {
    // Act
    const run = await pairs.run([
      click({ session_id: 's1', event_id: 's1-view', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ session_id: 's2', event_id: 's2-view-a', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ session_id: 's2', event_id: 's2-view-b', event_type: 'view', url: '/p2', price: 25, ts: at('10:05') }),
      click({ session_id: 's1', event_id: 's1-buy-a', event_type: 'purchase', price: 30, ts: at('10:10') }),
      click({ session_id: 's1', event_id: 's1-buy-b', event_type: 'purchase', price: 15, ts: at('10:20') }),
      click({ session_id: 's2', event_id: 's2-buy', event_type: 'purchase', price: 35, ts: at('10:25') }),
    ]);

    // Assess: s1's purchases are 10 and 20 minutes after its view; s2's purchase is 25 and 20 minutes after its views.
    run.expectRows([
      { session_id: 's1', viewed_event_id: 's1-view', purchase_event_id: 's1-buy-a', order_value: 30 },
      { session_id: 's1', viewed_event_id: 's1-view', purchase_event_id: 's1-buy-b', order_value: 15 },
      { session_id: 's2', viewed_event_id: 's2-view-a', product_url: '/p1', purchase_event_id: 's2-buy' },
      { session_id: 's2', viewed_event_id: 's2-view-b', product_url: '/p2', purchase_event_id: 's2-buy' },
    ]);
  });

  it('does not pair a view with a purchase of another session, even of the same user', async () => {
    // Act: u1 views in s1 and buys in s2 five minutes later; in s3 u1 views and buys within the session.
    const run = await pairs.run([
      click({ user_id: 'u1', session_id: 's1', event_id: 's1-view', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ user_id: 'u1', session_id: 's3', event_id: 's3-view', event_type: 'view', url: '/p3', price: 12, ts: at('10:01') }),
      click({ user_id: 'u1', session_id: 's2', event_id: 's2-buy', event_type: 'purchase', price: 10, ts: at('10:05') }),
      click({ user_id: 'u1', session_id: 's3', event_id: 's3-buy', event_type: 'purchase', price: 12, ts: at('10:06') }),
    ]);

    // Assess
    run.expectRows([{ session_id: 's3', viewed_event_id: 's3-view', purchase_event_id: 's3-buy' }]);
  });

  it('pairs only priced views: an unpriced view and an add-to-cart before the purchase give no row', async () => {
    // Act
    const run = await pairs.run([
      click({ event_id: 'category', event_type: 'view', url: '/category/shoes', price: null, ts: at('10:00') }),
      click({ event_id: 'cart', event_type: 'add_to_cart', url: '/cart', price: 10, ts: at('10:01') }),
      click({ event_id: 'product', event_type: 'view', url: '/p1', price: 10, ts: at('10:02') }),
      click({ event_id: 'buy', event_type: 'purchase', url: '/checkout/confirm', price: 10, ts: at('10:05') }),
    ]);

    // Assess
    run.expectRows([{ viewed_event_id: 'product', purchase_event_id: 'buy' }]);
  });

  it('a purchase or a view arriving behind the watermark still pairs while the watermark has not passed the other side out of the interval', async () => {
    // Act: s9's unpriced view at 10:10 (in neither side) moves the watermark to 10:09:55, behind which s1's purchase at
    // 10:05 arrives: its view (10:00) is kept until the watermark passes 10:30. s2's purchase at 10:20 moves the watermark
    // to 10:19:55, behind which s2's view at 10:12 arrives: the purchase is kept until the watermark passes 10:20.
    const run = await pairs.run([
      click({ session_id: 's1', event_id: 's1-view', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      click({ session_id: 's9', event_id: 's9-view', event_type: 'view', url: '/home', price: null, ts: at('10:10') }),
      click({ session_id: 's1', event_id: 'late-purchase', event_type: 'purchase', price: 10, ts: at('10:05') }),
      click({ session_id: 's2', event_id: 's2-buy', event_type: 'purchase', price: 20, ts: at('10:20') }),
      click({ session_id: 's2', event_id: 'late-view', event_type: 'view', url: '/p2', price: 20, ts: at('10:12') }),
    ]);

    // Assess: 10:05 is 5 minutes after s1's view; 10:20 is 8 minutes after s2's view.
    run.expectRows([
      { session_id: 's1', viewed_event_id: 's1-view', purchase_event_id: 'late-purchase', bought_at: instant('10:05') },
      { session_id: 's2', viewed_event_id: 'late-view', purchase_event_id: 's2-buy', viewed_at: instant('10:12') },
    ]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late-purchase', 'late-view']);
  });

  it('dead-letters records it cannot read and still pairs the readable view and purchase', async () => {
    // Act
    const run = await pairs.run([
      click({ event_id: 'view-1', event_type: 'view', url: '/p1', price: 10, ts: at('10:00') }),
      rawRecord(clicks, '{"event_id": "cut", "user_id": "u1", "ts": '),
      rawRecord(clicks, JSON.stringify({ user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', ts: at('10:00:10') })),
      rawRecord(clicks, JSON.stringify({ event_id: 'bad', user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', price: 'ten', ts: at('10:00:20') })),
      click({ event_id: 'buy-1', event_type: 'purchase', url: '/checkout/confirm', price: 30, ts: at('10:20') }),
    ]);

    // Assess
    run.expectRows([{ viewed_event_id: 'view-1', purchase_event_id: 'buy-1' }]);
    expect(run.deadLetters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/not a valid .*clicks record: Failed to deserialize JSON/),
      expect.stringMatching(/no value for column 'event_id'/),
      expect.stringMatching(/not a valid .*clicks record/),
    ]);
  });
});
