import { describe, expect, it } from 'vitest';
import { at, instant, jobTest, rawRecord, watermark } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { clicks } from './sources.js';
import { v1 } from './cart-abandonment.js';

const carts = jobTest(v1, import.meta.url);

describe('cart-abandonment.v1: a view, an add-to-cart, no purchase within 30 minutes, then a return (MATCH_RECOGNIZE)', () => {
  it('reports an abandoned cart with the clicks in between once the watermark passes the first click 30 minutes after the add-to-cart', async () => {
    // Act: the return at 10:45 moves the watermark to 10:44:55; MATCH_RECOGNIZE takes a row only once the watermark reaches it.
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'view', url: '/p2', price: 35, ts: at('10:05') }),
      click({ event_type: 'checkout', url: '/checkout', price: 20, ts: at('10:10') }),
      click({ event_type: 'view', url: '/home', ts: at('10:45') }),
      watermark('10:44:59.999'),
      watermark('10:45'),
    ]);

    // Assess: /p2 and /checkout came before 10:31 (10:01 + 30 min) and are not purchases: two lingering clicks, the last at /checkout;
    // /home at 10:45 is the first click at or after 10:31: the return.
    run.expectRowsEmittedAt('10:44:59.999', []);
    run.expectRowsEmittedAt('10:45', [
      {
        user_id: 'u1',
        feature_set: 'cart-abandonment.v1',
        product_url: '/p1',
        cart_price: 20,
        carted_at: instant('10:01'),
        clicks_after_cart: 2,
        left_from_url: '/checkout',
        returned_at: instant('10:45'),
      },
    ]);
    run.expectRows([{ user_id: 'u1', product_url: '/p1' }]);
  });

  it('a click exactly 30 minutes after the add-to-cart is the return; one a millisecond earlier still lingers', async () => {
    // Act: carted at 10:01, so the return is the first click at or after 10:31.
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 12.5, ts: at('10:00') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 12.5, ts: at('10:01') }),
      click({ event_type: 'view', url: '/p2', ts: at('10:30:59.999') }),
      click({ event_type: 'view', url: '/home', ts: at('10:31') }),
      watermark('10:31'),
    ]);

    // Assess
    run.expectRowsEmittedAt('10:31', [{ product_url: '/p1', cart_price: 12.5, carted_at: instant('10:01'), clicks_after_cart: 1, left_from_url: '/p2', returned_at: instant('10:31') }]);
    run.expectRows([{ product_url: '/p1' }]);
  });

  it('reports a cart returned to with no click in between, lingering columns empty', async () => {
    // Act
    const run = await carts.run([
      click({ event_type: 'view', url: '/p3', price: 8, ts: at('10:00') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 8, ts: at('10:01') }),
      click({ event_type: 'view', url: '/home', ts: at('11:00') }),
      watermark('11:00'),
    ]);

    // Assess
    run.expectRows([{ product_url: '/p3', cart_price: 8, carted_at: instant('10:01'), clicks_after_cart: 0, left_from_url: null, returned_at: instant('11:00') }]);
  });

  it('reports nothing for a cart whose user never comes back, not even at the end of input: no timed-out matches (FLINK-18642)', async () => {
    // Act: the watermark passes 10:31 (30 minutes after the add-to-cart) and the input ends with the user gone.
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'view', url: '/p2', ts: at('10:10') }),
      watermark('12:00'),
    ]);

    // Assess
    run.expectRows([]);
  });

  it('reports nothing when the user buys within 30 minutes of the add-to-cart, even if they come back later', async () => {
    // Act: the purchase at 10:20 (19 minutes after the add-to-cart) is neither lingering (a purchase) nor the return (before 10:31): the match breaks.
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'purchase', url: '/checkout/confirm', price: 20, ts: at('10:20') }),
      click({ event_type: 'view', url: '/home', ts: at('11:00') }),
      watermark('11:00'),
    ]);

    // Assess
    run.expectRows([]);
  });

  it('reports nothing when the add-to-cart does not follow a product view directly', async () => {
    // Act: a search between the view and the add-to-cart fits no variable where it stands (strict contiguity).
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ event_type: 'search', url: '/search', ts: at('10:00:30') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'view', url: '/home', ts: at('10:45') }),
      watermark('10:45'),
    ]);

    // Assess
    run.expectRows([]);
  });

  it('reports a return up to a day after the product view, not at a day (WITHIN 1 d counts from the first row of the match)', async () => {
    // Act: both users view at 10:00 and cart at 10:01; u1 is back 1 ms before 10:00 the next day, u2 at 10:00 the next day exactly.
    const run = await carts.run([
      click({ user_id: 'u1', event_type: 'view', url: '/p1', price: 6, ts: at('10:00') }),
      click({ user_id: 'u2', event_type: 'view', url: '/p2', price: 7, ts: at('10:00') }),
      click({ user_id: 'u1', event_type: 'add_to_cart', url: '/cart', price: 6, ts: at('10:01') }),
      click({ user_id: 'u2', event_type: 'add_to_cart', url: '/cart', price: 7, ts: at('10:01') }),
      click({ user_id: 'u1', event_type: 'view', url: '/home', ts: at('2026-01-06T09:59:59.999Z') }),
      click({ user_id: 'u2', event_type: 'view', url: '/home', ts: at('2026-01-06T10:00:00Z') }),
      watermark('2026-01-06T10:00:00Z'),
    ]);

    // Assess: u1's match spans 23:59:59.999 from its view, inside the day; u2's spans the whole day and has timed out.
    run.expectRowsEmittedAt(at('2026-01-06T10:00:00Z'), [
      { user_id: 'u1', product_url: '/p1', carted_at: instant('10:01'), clicks_after_cart: 0, returned_at: instant('2026-01-06T09:59:59.999Z') },
    ]);
    run.expectRows([{ user_id: 'u1', product_url: '/p1' }]);
  });

  it('puts clicks that arrive out of order by less than the 5 s watermark delay back in event-time order', async () => {
    // Act: the add-to-cart (10:01:00) arrives before its view (10:00:58), and the return (10:31:02) before a
    // lingering checkout (10:30:59); each late arrival is ahead of the watermark the other set (10:00:55, 10:30:57).
    const run = await carts.run([
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00:58') }),
      click({ event_type: 'view', url: '/home', ts: at('10:31:02') }),
      click({ event_type: 'checkout', url: '/checkout', ts: at('10:30:59') }),
      watermark('10:31:02'),
    ]);

    // Assess: in event-time order: view 10:00:58, cart 10:01, checkout 10:30:59 (before 10:31: lingering), return 10:31:02.
    run.expectRowsEmittedAt('10:31:02', [{ product_url: '/p1', carted_at: instant('10:01'), clicks_after_cart: 1, left_from_url: '/checkout', returned_at: instant('10:31:02') }]);
    run.expectRows([{ product_url: '/p1' }]);
    expect(run.behindWatermark).toEqual([]);
  });

  it('drops a click that arrives behind the watermark: a late add-to-cart makes no match', async () => {
    // Act: u1 and u2 click alike, but u2's add-to-cart (10:01) arrives after u1's view at 10:10 moved the watermark to 10:09:55.
    const run = await carts.run([
      click({ user_id: 'u1', event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ user_id: 'u2', event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ user_id: 'u1', event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ user_id: 'u1', event_type: 'view', url: '/p2', ts: at('10:10') }),
      click({ user_id: 'u2', event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01'), event_id: 'late-cart' }),
      click({ user_id: 'u1', event_type: 'view', url: '/home', ts: at('10:45') }),
      click({ user_id: 'u2', event_type: 'view', url: '/home', ts: at('10:45') }),
      watermark('10:45'),
    ]);

    // Assess: u2's clicks as the job saw them are a view at 10:00 and one at 10:45: no add-to-cart, no match.
    run.expectRows([{ user_id: 'u1', product_url: '/p1', clicks_after_cart: 1, left_from_url: '/p2', returned_at: instant('10:45') }]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late-cart']);
  });

  it('the end of input reports a return that no watermark has passed yet', async () => {
    // Act: the return at 10:31 leaves the watermark at 10:30:55; only the end of input (the final watermark) passes it.
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'view', url: '/home', ts: at('10:31') }),
    ]);

    // Assess
    run.expectRowsEmittedAt('end', [{ product_url: '/p1', carted_at: instant('10:01'), returned_at: instant('10:31') }]);
    run.expectRows([{ product_url: '/p1' }]);
  });

  it('dead-letters records it cannot read, which neither break nor join a match', async () => {
    // Act
    const run = await carts.run([
      click({ event_type: 'view', url: '/p1', price: 20, ts: at('10:00') }),
      rawRecord(clicks, '{"event_id": "cut", "user_id": "u1", "ts": '),
      rawRecord(clicks, JSON.stringify({ user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', ts: at('10:00:10') })),
      rawRecord(clicks, JSON.stringify({ event_id: 'bad', user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', price: 'ten', ts: at('10:00:20') })),
      click({ event_type: 'add_to_cart', url: '/cart', price: 20, ts: at('10:01') }),
      click({ event_type: 'view', url: '/home', ts: at('10:45') }),
    ]);

    // Assess: view, add-to-cart, no click in between, the return at 10:45.
    run.expectRows([{ product_url: '/p1', clicks_after_cart: 0, returned_at: instant('10:45') }]);
    expect(run.deadLetters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/not a valid .*clicks record: Failed to deserialize JSON/),
      expect.stringMatching(/no value for column 'event_id'/),
      expect.stringMatching(/not a valid .*clicks record/),
    ]);
  });
});
