import { describe, expect, it } from 'vitest';
import { at, jobTest, rawRecord, timestamp, watermark } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { clicks } from './sources.js'; // u1 views /home at 10:00 unless a test says otherwise
import { v1 } from './url-traffic.js';

const traffic = jobTest(v1, import.meta.url);

/**
 * The hop window of one minute sliding every 30 seconds: a click at t is in the two windows
 * [floor30(t) - 30 s, floor30(t) + 30 s) and [floor30(t), floor30(t) + 60 s), start included, end excluded.
 */
describe('url-traffic.v1: views, unique users and revenue per URL over a minute sliding every 30 seconds', () => {
  it('counts a click in both one-minute windows that overlap it, and only in those, per URL', async () => {
    // Arrange: 10:00:10 is in [09:59:30, 10:00:30) and [10:00:00, 10:01:00); 10:00:45 in [10:00:00, 10:01:00) and
    // [10:00:30, 10:01:30); /b's click at 10:00:20 in [09:59:30, 10:00:30) and [10:00:00, 10:01:00).
    const steps = [
      click({ url: '/a', user_id: 'u1', ts: at('10:00:10') }),
      click({ url: '/b', user_id: 'u1', ts: at('10:00:20') }),
      click({ url: '/a', user_id: 'u2', ts: at('10:00:45') }),
      watermark('10:01:30'),
    ];

    // Act
    const run = await traffic.run(steps);

    // Assess: the window [10:00:00, 10:01:00) holds both of /a's clicks, each other window one of them; no window
    // before 09:59:30 or from 10:01:00 on has a click, so none has a row.
    run.expectRows([
      { url: '/a', feature_set: 'url-traffic.v1', window_start: timestamp('09:59:30'), window_end: timestamp('10:00:30'), event_count_1m: 1, user_id_count_distinct_1m: 1 },
      { url: '/a', feature_set: 'url-traffic.v1', window_start: timestamp('10:00'), window_end: timestamp('10:01'), event_count_1m: 2, user_id_count_distinct_1m: 2 },
      { url: '/a', feature_set: 'url-traffic.v1', window_start: timestamp('10:00:30'), window_end: timestamp('10:01:30'), event_count_1m: 1, user_id_count_distinct_1m: 1 },
      { url: '/b', feature_set: 'url-traffic.v1', window_start: timestamp('09:59:30'), window_end: timestamp('10:00:30'), event_count_1m: 1, user_id_count_distinct_1m: 1 },
      { url: '/b', feature_set: 'url-traffic.v1', window_start: timestamp('10:00'), window_end: timestamp('10:01'), event_count_1m: 1, user_id_count_distinct_1m: 1 },
    ]);
  });

  it('a window holds a click at its first millisecond and not one at its end', async () => {
    // Arrange: each click a purchase of its own price, so revenue_1m tells which clicks a window holds.
    // 10:00:29.999 is the last millisecond of [09:59:30, 10:00:30) and inside [10:00:00, 10:01:00);
    // 10:00:30 is the end of [09:59:30, 10:00:30), so outside it, and the start of [10:00:30, 10:01:30).
    const steps = [
      click({ url: '/cart', event_type: 'purchase', price: 10, ts: at('10:00:29.999') }),
      click({ url: '/cart', event_type: 'purchase', price: 100, ts: at('10:00:30') }),
    ];

    // Act
    const run = await traffic.run(steps);

    // Assess: [09:59:30, 10:00:30) = 10; [10:00:00, 10:01:00) = 10 + 100 = 110; [10:00:30, 10:01:30) = 100.
    run.expectRows([
      { window_start: timestamp('09:59:30'), window_end: timestamp('10:00:30'), event_count_1m: 1, revenue_1m: 10 },
      { window_start: timestamp('10:00'), window_end: timestamp('10:01'), event_count_1m: 2, revenue_1m: 110 },
      { window_start: timestamp('10:00:30'), window_end: timestamp('10:01:30'), event_count_1m: 1, revenue_1m: 100 },
    ]);
  });

  it('emits a window once the watermark reaches its last millisecond (end - 1 ms), not before', async () => {
    // Arrange: the click at 10:00:45 moves the watermark to 10:00:40 (5 s delay), past [09:59:30, 10:00:30).
    const steps = [
      click({ url: '/a', ts: at('10:00:10') }),
      click({ url: '/a', ts: at('10:00:45') }),
      watermark('10:00:59.998'),
      watermark('10:00:59.999'),
      watermark('10:01:29.999'),
    ];

    // Act
    const run = await traffic.run(steps);

    // Assess
    run.expectRowsEmittedAt('10:00:40', [{ window_start: timestamp('09:59:30'), window_end: timestamp('10:00:30'), event_count_1m: 1 }]);
    run.expectRowsEmittedAt('10:00:59.998', []);
    run.expectRowsEmittedAt('10:00:59.999', [{ window_start: timestamp('10:00'), window_end: timestamp('10:01'), event_count_1m: 2 }]);
    run.expectRowsEmittedAt('10:01:29.999', [{ window_start: timestamp('10:00:30'), window_end: timestamp('10:01:30'), event_count_1m: 1 }]);
    run.expectRowsEmittedAt('end', []);
  });

  it('revenue sums the prices of purchases only, users are counted once, and a window without purchases has NULL revenue', async () => {
    // Arrange: every click in [10:00:00, 10:00:30), so in the windows [09:59:30, 10:00:30) and [10:00:00, 10:01:00).
    const steps = [
      click({ url: '/cart', user_id: 'u1', event_type: 'purchase', price: 10, ts: at('10:00:05') }),
      click({ url: '/home', user_id: 'u1', ts: at('10:00:10') }),
      click({ url: '/cart', user_id: 'u2', event_type: 'purchase', price: 25.5, ts: at('10:00:15') }),
      click({ url: '/cart', user_id: 'u1', event_type: 'view', price: 99, ts: at('10:00:20') }),
    ];

    // Act
    const run = await traffic.run(steps);

    // Assess: /cart: 3 clicks by u1, u2 (2 users); revenue 10 + 25.5 = 35.5, the priced view's 99 left out.
    // /home: a view only, so SUM over no purchase is NULL, not 0.
    const cart = { url: '/cart', event_count_1m: 3, user_id_count_distinct_1m: 2, revenue_1m: 35.5 };
    const home = { url: '/home', event_count_1m: 1, user_id_count_distinct_1m: 1, revenue_1m: null };
    run.expectRows([
      { ...cart, window_start: timestamp('09:59:30') },
      { ...cart, window_start: timestamp('10:00') },
      { ...home, window_start: timestamp('09:59:30') },
      { ...home, window_start: timestamp('10:00') },
    ]);
  });

  it('a late click still counts in the overlapping window that has not fired, not in the one already emitted; late for both, it is dropped', async () => {
    // Arrange
    const steps = [
      click({ url: '/a', user_id: 'u1', ts: at('10:00:10') }),
      watermark('10:00:30'), // emits [09:59:30, 10:00:30)
      // Behind the watermark: of its windows, [09:59:30, 10:00:30) has fired, [10:00:00, 10:01:00) has not.
      click({ event_id: 'late-1', url: '/a', user_id: 'u2', ts: at('10:00:20') }),
      watermark('10:01'), // emits [10:00:00, 10:01:00)
      // Behind the watermark, and both its windows, [09:59:30, 10:00:30) and [10:00:00, 10:01:00), have fired.
      click({ event_id: 'late-2', url: '/a', user_id: 'u3', ts: at('10:00:25') }),
    ];

    // Act
    const run = await traffic.run(steps);

    // Assess: [10:00:00, 10:01:00) counts 10:00:10 and late-1 (2 clicks, 2 users); late-2 is in no row.
    run.expectRowsEmittedAt('10:00:30', [{ url: '/a', window_start: timestamp('09:59:30'), event_count_1m: 1, user_id_count_distinct_1m: 1 }]);
    run.expectRowsEmittedAt('10:01', [{ url: '/a', window_start: timestamp('10:00'), event_count_1m: 2, user_id_count_distinct_1m: 2 }]);
    run.expectRows([
      { url: '/a', window_start: timestamp('09:59:30'), event_count_1m: 1 },
      { url: '/a', window_start: timestamp('10:00'), event_count_1m: 2 },
    ]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late-1', 'late-2']);
  });

  it('the end of input emits every window still open: both windows of the last click', async () => {
    // Arrange: the click moves the watermark to 10:00:40 only, before both its windows' ends.
    const steps = [click({ url: '/a', ts: at('10:00:45') })];

    // Act
    const run = await traffic.run(steps);

    // Assess
    run.expectRows([
      { url: '/a', window_start: timestamp('10:00'), window_end: timestamp('10:01'), event_count_1m: 1 },
      { url: '/a', window_start: timestamp('10:00:30'), window_end: timestamp('10:01:30'), event_count_1m: 1 },
    ]);
    run.expectRowsEmittedAt('end', [
      { url: '/a', window_start: timestamp('10:00'), event_count_1m: 1 },
      { url: '/a', window_start: timestamp('10:00:30'), event_count_1m: 1 },
    ]);
  });

  it('dead-letters records it cannot read and keeps counting the rest', async () => {
    // Act
    const run = await traffic.run([
      click({ url: '/p1', ts: at('10:00:05') }),
      rawRecord(clicks, '{"event_id": "cut", "user_id": "u1", "ts": '),
      rawRecord(clicks, JSON.stringify({ user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', ts: at('10:00:10') })),
      rawRecord(clicks, JSON.stringify({ event_id: 'bad', user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', price: 'ten', ts: at('10:00:20') })),
      click({ url: '/p1', ts: at('10:00:40') }),
    ]);

    // Assess: the window [10:00, 10:01) holds both readable clicks, as if the others had never been there.
    run.expectRows([
      { url: '/p1', window_start: timestamp('09:59:30'), event_count_1m: 1 },
      { url: '/p1', window_start: timestamp('10:00'), event_count_1m: 2 },
      { url: '/p1', window_start: timestamp('10:00:30'), event_count_1m: 1 },
    ]);
    expect(run.deadLetters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/not a valid .*clicks record: Failed to deserialize JSON/),
      expect.stringMatching(/no value for column 'event_id'/),
      expect.stringMatching(/not a valid .*clicks record/),
    ]);
  });
});
