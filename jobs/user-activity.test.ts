import { describe, expect, it } from 'vitest';
import { at, instant, jobTest, rawRecord, watermark } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { clicks } from './sources.js';
import { v1 } from './user-activity.js';

const activity = jobTest(v1, import.meta.url);

describe('user-activity.v1: one row per click with New York local time and the user’s trailing hour', () => {
  it('gives each click the trailing hour’s count, distinct pages, average price and price z-score', async () => {
    // Act: u1 views four pages a minute apart, prices 10, 20, 30, 40 (as in test/integration/flink-job-e2e.test.ts).
    const run = await activity.run([
      click({ event_id: 'e0', url: '/p0', price: 10, zip: '10001', ts: at('10:00') }),
      click({ event_id: 'e1', url: '/p1', price: 20, zip: '10001', ts: at('10:01') }),
      click({ event_id: 'e2', url: '/p2', price: 30, zip: '10001', ts: at('10:02') }),
      click({ event_id: 'e3', url: '/p3', price: 40, zip: '10001', ts: at('10:03') }),
    ]);

    // Assess: z = (price - mean) / population stddev over u1's clicks of the trailing hour, NULL without spread.
    // e0: one price, no spread: NULL.
    // e1: mean 15, stddev sqrt((25 + 25) / 2) = 5: (20 - 15) / 5 = 1.
    // e2: mean 20, stddev sqrt((100 + 0 + 100) / 3) = sqrt(200 / 3) = 8.16497: (30 - 20) / 8.16497 = sqrt(1.5) = 1.2247449.
    // e3: mean 25, stddev sqrt((225 + 25 + 25 + 225) / 4) = sqrt(125) = 11.18034: (40 - 25) / 11.18034 = 3 / sqrt(5) = 1.3416408.
    // 10:00 UTC on Monday 2026-01-05 is 05:00 in New York (EST, UTC-5), a Monday: day 2 (1 = Sunday).
    const common = { user_id: 'u1', feature_set: 'user-activity.v1', event_type: 'view', ip: '10.0.0.1', zip: '10001', hour_of_day: 5, day_of_week: 2 };
    run.expectRows([
      { ...common, event_id: 'e0', url: '/p0', price: 10, event_time: instant('10:00'), event_count_1h: 1, url_count_distinct_1h: 1, price_avg_1h: 10, price_zscore_1h: null },
      { ...common, event_id: 'e1', url: '/p1', price: 20, event_time: instant('10:01'), event_count_1h: 2, url_count_distinct_1h: 2, price_avg_1h: 15, price_zscore_1h: 1 },
      { ...common, event_id: 'e2', url: '/p2', price: 30, event_time: instant('10:02'), event_count_1h: 3, url_count_distinct_1h: 3, price_avg_1h: 20, price_zscore_1h: Math.sqrt(1.5) },
      { ...common, event_id: 'e3', url: '/p3', price: 40, event_time: instant('10:03'), event_count_1h: 4, url_count_distinct_1h: 4, price_avg_1h: 25, price_zscore_1h: 3 / Math.sqrt(5) },
    ]);
  });

  it('counts distinct pages, skips a click without price in the average, and keeps users apart', async () => {
    // Act
    const run = await activity.run([
      click({ event_id: 'a', user_id: 'u1', url: '/home', price: 10, ts: at('10:00') }),
      click({ event_id: 'b', user_id: 'u2', url: '/home', price: 100, ts: at('10:01') }),
      click({ event_id: 'c', user_id: 'u1', url: '/home', price: null, ts: at('10:02') }),
      click({ event_id: 'd', user_id: 'u1', url: '/cart', price: 30, ts: at('10:03') }),
    ]);

    // Assess: u2's click is not in u1's hour. c has no price: the average of u1's prices stays 10 and c has no z-score.
    // d: u1's prices 10 and 30 (c's NULL skipped): mean 20, stddev 10, z = (30 - 20) / 10 = 1; pages /home and /cart.
    run.expectRows([
      { event_id: 'a', user_id: 'u1', event_count_1h: 1, url_count_distinct_1h: 1, price_avg_1h: 10, price_zscore_1h: null },
      { event_id: 'b', user_id: 'u2', event_count_1h: 1, url_count_distinct_1h: 1, price_avg_1h: 100, price_zscore_1h: null },
      { event_id: 'c', user_id: 'u1', price: null, event_count_1h: 2, url_count_distinct_1h: 1, price_avg_1h: 10, price_zscore_1h: null },
      { event_id: 'd', user_id: 'u1', event_count_1h: 3, url_count_distinct_1h: 2, price_avg_1h: 20, price_zscore_1h: 1 },
    ]);
  });

  it('gives no z-score to identical prices, whatever rounding residue the running sums leave', async () => {
    // Act
    const run = await activity.run([
      click({ event_id: 'a', price: 9.99, ts: at('10:00') }),
      click({ event_id: 'b', price: 9.99, ts: at('10:01') }),
      click({ event_id: 'c', price: 9.99, ts: at('10:02') }),
    ]);

    // Assess: for c, sum 29.97 and sum of squares 299.4003 leave (q - s^2 / 3) / 3 = 1.9e-14 in doubles, a
    // stddev of 1.4e-7 where there is none: below a millionth of the mean (9.99e-6), so NULL, not (9.99 - 9.99) / 1.4e-7.
    run.expectRows([
      { event_id: 'a', event_count_1h: 1, price_avg_1h: 9.99, price_zscore_1h: null },
      { event_id: 'b', event_count_1h: 2, price_avg_1h: 9.99, price_zscore_1h: null },
      { event_id: 'c', event_count_1h: 3, price_avg_1h: 9.99, price_zscore_1h: null },
    ]);
  });

  it('tells the hour and the day of the week in New York, across midnight and the switch to daylight saving time', async () => {
    // Act: one click per user (each the first of its user), in event-time order.
    const run = await activity.run([
      click({ user_id: 'sun-2200', ts: at('2026-01-05T03:00:00Z') }),
      click({ user_id: 'sun-2359', ts: at('2026-01-05T04:59:59Z') }),
      click({ user_id: 'mon-0000', ts: at('2026-01-05T05:00:00Z') }),
      click({ user_id: 'sat-1000', ts: at('2026-01-10T15:00:00Z') }),
      click({ user_id: 'dst-0159', ts: at('2026-03-08T06:59:59Z') }),
      click({ user_id: 'dst-0300', ts: at('2026-03-08T07:00:00Z') }),
    ]);

    // Assess: New York is UTC-5 (EST) until 2026-03-08 07:00 UTC, when 02:00 EST becomes 03:00 EDT (UTC-4).
    // day_of_week: 1 = Sunday ... 7 = Saturday; 2026-01-04 and 2026-03-08 are Sundays, 2026-01-10 a Saturday.
    run.expectRows([
      { user_id: 'sun-2200', hour_of_day: 22, day_of_week: 1 }, // 03:00 UTC Monday = 22:00 EST Sunday
      { user_id: 'sun-2359', hour_of_day: 23, day_of_week: 1 }, // 04:59:59 UTC = 23:59:59 EST Sunday
      { user_id: 'mon-0000', hour_of_day: 0, day_of_week: 2 }, // 05:00 UTC = 00:00 EST Monday
      { user_id: 'sat-1000', hour_of_day: 10, day_of_week: 7 }, // 15:00 UTC = 10:00 EST Saturday
      { user_id: 'dst-0159', hour_of_day: 1, day_of_week: 1 }, // 06:59:59 UTC = 01:59:59 EST
      { user_id: 'dst-0300', hour_of_day: 3, day_of_week: 1 }, // 07:00 UTC = 03:00 EDT: no hour 2 that night
    ]);
  });

  it('puts clicks out of order by less than the 5 s watermark delay in event-time order', async () => {
    // Act: b (10:00:02) arrives after c (10:00:04), when the watermark is 10:00:04 - 5 s = 09:59:59: not late.
    const run = await activity.run([
      click({ event_id: 'a', url: '/a', price: 10, ts: at('10:00:00') }),
      click({ event_id: 'c', url: '/c', price: 30, ts: at('10:00:04') }),
      click({ event_id: 'b', url: '/b', price: 20, ts: at('10:00:02') }),
    ]);

    // Assess: rows in event-time order; b's hour holds a and b (mean 15, stddev 5, z 1), c's all three (mean 20, z sqrt(1.5)).
    expect(run.behindWatermark).toEqual([]);
    expect(run.rows.map((row) => row.event_id)).toEqual(['a', 'b', 'c']);
    run.expectRows([
      { event_id: 'a', event_count_1h: 1, price_avg_1h: 10, price_zscore_1h: null },
      { event_id: 'b', event_count_1h: 2, price_avg_1h: 15, price_zscore_1h: 1 },
      { event_id: 'c', event_count_1h: 3, price_avg_1h: 20, price_zscore_1h: Math.sqrt(1.5) },
    ]);
  });

  it('includes a click exactly one hour back in the trailing hour; one a millisecond older is out', async () => {
    // Act
    const run = await activity.run([
      click({ event_id: 'a', url: '/a', price: 10, ts: at('10:00') }),
      click({ event_id: 'b', url: '/b', price: 20, ts: at('11:00') }),
      click({ event_id: 'c', url: '/c', price: 30, ts: at('11:00:00.001') }),
    ]);

    // Assess: RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW is [t - 1 h, t], both ends in.
    // b: [10:00, 11:00] holds a and b: count 2, mean 15.  c: [10:00:00.001, 11:00:00.001] holds b and c: count 2, mean 25.
    run.expectRows([
      { event_id: 'a', event_count_1h: 1, url_count_distinct_1h: 1, price_avg_1h: 10 },
      { event_id: 'b', event_count_1h: 2, url_count_distinct_1h: 2, price_avg_1h: 15, price_zscore_1h: 1 },
      { event_id: 'c', event_count_1h: 2, url_count_distinct_1h: 2, price_avg_1h: 25, price_zscore_1h: 1 },
    ]);
  });

  it('counts clicks of one user at the same millisecond in each other’s trailing hour', async () => {
    // Act
    const run = await activity.run([click({ event_id: 'a', price: 10, ts: at('10:00') }), click({ event_id: 'b', price: 30, ts: at('10:00') })]);

    // Assess: RANGE ... CURRENT ROW takes the current row's peers (same time) too: both see prices 10 and 30,
    // mean 20, stddev 10: z = (10 - 20) / 10 = -1 for a, (30 - 20) / 10 = 1 for b.
    run.expectRows([
      { event_id: 'a', event_count_1h: 2, price_avg_1h: 20, price_zscore_1h: -1 },
      { event_id: 'b', event_count_1h: 2, price_avg_1h: 20, price_zscore_1h: 1 },
    ]);
  });

  it('emits a click’s row once the watermark reaches its event time, and the end of input flushes the rest', async () => {
    // Act
    const run = await activity.run([
      click({ event_id: 'a', ts: at('10:00') }),
      watermark('09:59:59.999'),
      watermark('10:00'),
      click({ event_id: 'b', ts: at('10:30') }), // moves the watermark to 10:29:55 only
    ]);

    // Assess
    run.expectRowsEmittedAt('09:59:59.999', []);
    run.expectRowsEmittedAt('10:00', [{ event_id: 'a', event_count_1h: 1 }]);
    run.expectRowsEmittedAt('10:29:55', []);
    run.expectRowsEmittedAt('end', [{ event_id: 'b', event_count_1h: 2 }]);
  });

  it('drops a click behind the watermark that is older than a row already emitted for its user', async () => {
    // Act: the watermark reaches 10:05, which emits a's row; then d (09:59) arrives behind it,
    // a minute older than a.
    const run = await activity.run([
      click({ event_id: 'a', price: 10, ts: at('10:00') }),
      watermark('10:05'),
      click({ event_id: 'd', price: 50, ts: at('09:59') }),
      click({ event_id: 'b', price: 20, ts: at('10:10') }),
    ]);

    // Assess: d is gone, and not counted in b's hour [09:10, 10:10] either (a and b: count 2, mean 15).
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['d']);
    run.expectRows([
      { event_id: 'a', event_count_1h: 1, price_avg_1h: 10 },
      { event_id: 'b', event_count_1h: 2, price_avg_1h: 15 },
    ]);
  });

  it('still uses a click behind the watermark that is newer than every row emitted for its user', async () => {
    // Act: the watermark at 10:20 has emitted a's row (10:00) only; e (10:05) arrives behind it.
    const run = await activity.run([
      click({ event_id: 'a', price: 10, ts: at('10:00') }),
      watermark('10:20'),
      click({ event_id: 'e', price: 30, ts: at('10:05') }),
      watermark('10:30'),
    ]);

    // Assess: Flink's OVER window drops only what is older than the user's emitted rows, so e is late yet
    // counted: its row comes with the next watermark, its hour holds a and e (mean 20, stddev 10, z 1).
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['e']);
    run.expectRowsEmittedAt('10:20', [{ event_id: 'a', event_count_1h: 1, price_avg_1h: 10 }]);
    run.expectRowsEmittedAt('10:30', [{ event_id: 'e', event_count_1h: 2, price_avg_1h: 20, price_zscore_1h: 1 }]);
  });

  it('dead-letters records it cannot read and keeps one row per readable click', async () => {
    // Act
    const run = await activity.run([
      click({ event_id: 'a', price: 10, ts: at('10:00') }),
      rawRecord(clicks, '{"event_id": "cut", "user_id": "u1", "ts": '),
      rawRecord(clicks, JSON.stringify({ user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', ts: at('10:00:10') })),
      rawRecord(clicks, JSON.stringify({ event_id: 'bad', user_id: 'u1', session_id: 's1', event_type: 'view', url: '/p1', ip: '10.0.0.1', user_agent: 'x', price: 'ten', ts: at('10:00:20') })),
      click({ event_id: 'b', price: 30, ts: at('10:01') }),
    ]);

    // Assess: b's trailing hour is a and b only: mean 20, population stddev 10, z = (30 - 20) / 10 = 1.
    run.expectRows([
      { event_id: 'a', event_count_1h: 1, price_avg_1h: 10, price_zscore_1h: null },
      { event_id: 'b', event_count_1h: 2, price_avg_1h: 20, price_zscore_1h: 1 },
    ]);
    expect(run.deadLetters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/not a valid .*clicks record: Failed to deserialize JSON/),
      expect.stringMatching(/no value for column 'event_id'/),
      expect.stringMatching(/not a valid .*clicks record/),
    ]);
  });
});
