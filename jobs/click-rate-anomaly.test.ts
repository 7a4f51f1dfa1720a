import { describe, expect, it } from 'vitest';
import { at, jobTest, timestamp, watermark, type ExpectedRowOf, type Step } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js'; // u1 views /home at 10:00 unless a test says otherwise
import { v1, type Output } from './click-rate-anomaly.js';

const clickRate = jobTest(v1, import.meta.url);

/** `count` clicks of `user` at `time` (`at`'s clock time or an ISO instant). */
function clicksOf(user: string, count: number, time: string): Step[] {
  return Array.from({ length: count }, () => click({ user_id: user, ts: at(time) }));
}

/** The clock time of the minute `minute` minutes after 10:00, at 10 seconds past: minuteAt(3) is '10:03:10'. */
function minuteAt(minute: number): string {
  return `10:${String(minute).padStart(2, '0')}:10`;
}

/** `minutes` calm minutes of `user` from 10:00, one click each: as alike as minutes get, so average 1, no z-score, no flag. */
function calmMinutes(user: string, minutes: number): ExpectedRowOf<Output>[] {
  return Array.from({ length: minutes }, (_, minute) => ({
    user_id: user,
    window_start: timestamp(`10:${String(minute).padStart(2, '0')}`),
    clicks: 1,
    clicks_avg_1d: 1,
    clicks_zscore_1d: null,
    unusual_rate: false,
    rate_spike: false,
    bot_rate: false,
  }));
}

/**
 * Per user and minute: `clicks`; over the user's minute rows whose window_time (end - 1 ms) lies in the last day up
 * to and including this one: `clicks_avg_1d` and `clicks_zscore_1d` = (clicks - mean) / population stddev, NULL
 * without spread; `unusual_rate` = z > 3, `rate_spike` = clicks > 5 * avg and clicks >= 20, `bot_rate` = clicks > 20.
 *
 * A fact the tests lean on: among n minutes of which n - 1 have a clicks and one has b != a, mean = ((n-1)a + b)/n,
 * b - mean = (n-1)(b-a)/n and stddev = sqrt(n-1)|b-a|/n, so that minute's z is sqrt(n-1), whatever a and b.
 */
describe("click-rate-anomaly.v1: clicks per user and minute, against the user's active minutes of the last day", () => {
  it("a user's first active minute is its own average, has no z-score and raises no flag; users are kept apart", async () => {
    // Arrange
    const steps = [...clicksOf('u1', 3, '10:00:10'), ...clicksOf('u2', 1, '10:00:30')];

    // Act
    const run = await clickRate.run(steps);

    // Assess: one value has no spread, so z is NULL, and a NULL z raises no unusual_rate.
    const flags = { unusual_rate: false, rate_spike: false, bot_rate: false };
    run.expectRows([
      { user_id: 'u1', feature_set: 'click-rate-anomaly.v1', window_start: timestamp('10:00'), window_end: timestamp('10:01'), clicks: 3, clicks_avg_1d: 3, clicks_zscore_1d: null, ...flags },
      { user_id: 'u2', feature_set: 'click-rate-anomaly.v1', window_start: timestamp('10:00'), window_end: timestamp('10:01'), clicks: 1, clicks_avg_1d: 1, clicks_zscore_1d: null, ...flags },
    ]);
  });

  it('emits a minute once the watermark reaches its last millisecond, not before', async () => {
    // Arrange: the click moves the watermark to 10:00:05 only.
    const steps = [...clicksOf('u1', 2, '10:00:10'), watermark('10:00:59.998'), watermark('10:00:59.999')];

    // Act
    const run = await clickRate.run(steps);

    // Assess
    run.expectRowsEmittedAt('10:00:59.998', []);
    run.expectRowsEmittedAt('10:00:59.999', [{ user_id: 'u1', window_start: timestamp('10:00'), clicks: 2, clicks_avg_1d: 2 }]);
    run.expectRowsEmittedAt('end', []);
  });

  it('the z-score passes 3, raising unusual_rate, after ten earlier active minutes alike, not after eight', async () => {
    // Arrange: one click a minute; u1 from 10:00 to 10:09 (ten minutes) then 2 clicks at 10:10; u2 from 10:00 to
    // 10:07 (eight minutes) then 2 clicks at 10:08.
    const steps: Step[] = [];
    for (let minute = 0; minute <= 10; minute += 1) {
      steps.push(...clicksOf('u1', minute === 10 ? 2 : 1, minuteAt(minute)));
      if (minute <= 8) steps.push(...clicksOf('u2', minute === 8 ? 2 : 1, minuteAt(minute)));
    }

    // Act
    const run = await clickRate.run(steps);

    // Assess: minutes alike have no spread (z NULL, average 1).
    // u1 at 10:10: n = 11, avg = 12/11, z = sqrt(10) = 3.1623 > 3. u2 at 10:08: n = 9, avg = 10/9, z = sqrt(8) = 2.8284.
    run.expectRows([
      ...calmMinutes('u1', 10),
      { user_id: 'u1', window_start: timestamp('10:10'), clicks: 2, clicks_avg_1d: 12 / 11, clicks_zscore_1d: Math.sqrt(10), unusual_rate: true, rate_spike: false, bot_rate: false },
      ...calmMinutes('u2', 8),
      { user_id: 'u2', window_start: timestamp('10:08'), clicks: 2, clicks_avg_1d: 10 / 9, clicks_zscore_1d: Math.sqrt(8), unusual_rate: false, rate_spike: false, bot_rate: false },
    ]);
  });

  it("rate_spike needs at least 20 clicks and more than five times the day's average minute, the minute itself included", async () => {
    // Arrange: one click a minute from 10:00, then a burst: u1 six calm minutes then 20 clicks; u2 five calm minutes
    // then 20 clicks; u3 six calm minutes then 19 clicks.
    const steps: Step[] = [];
    for (let minute = 0; minute <= 6; minute += 1) {
      steps.push(...clicksOf('u1', minute === 6 ? 20 : 1, minuteAt(minute)));
      if (minute <= 5) steps.push(...clicksOf('u2', minute === 5 ? 20 : 1, minuteAt(minute)));
      steps.push(...clicksOf('u3', minute === 6 ? 19 : 1, minuteAt(minute)));
    }

    // Act
    const run = await clickRate.run(steps);

    // Assess, by hand:
    // u1: avg = (6 + 20)/7 = 3.714, 5 * avg = 18.57 < 20 and 20 >= 20: a spike; z = sqrt(6) = 2.449; 20 is not above 20.
    // u2: avg = (5 + 20)/6 = 4.167, 5 * avg = 20.83 > 20: no spike (the burst lifts its own average); z = sqrt(5) = 2.236.
    // u3: avg = (6 + 19)/7 = 3.571, 5 * avg = 17.86 < 19, but 19 < 20: no spike; z = sqrt(6).
    run.expectRows([
      ...calmMinutes('u1', 6),
      ...calmMinutes('u2', 5),
      ...calmMinutes('u3', 6),
      { user_id: 'u1', window_start: timestamp('10:06'), clicks: 20, clicks_avg_1d: 26 / 7, clicks_zscore_1d: Math.sqrt(6), unusual_rate: false, rate_spike: true, bot_rate: false },
      { user_id: 'u2', window_start: timestamp('10:05'), clicks: 20, clicks_avg_1d: 25 / 6, clicks_zscore_1d: Math.sqrt(5), unusual_rate: false, rate_spike: false, bot_rate: false },
      { user_id: 'u3', window_start: timestamp('10:06'), clicks: 19, clicks_avg_1d: 25 / 7, clicks_zscore_1d: Math.sqrt(6), unusual_rate: false, rate_spike: false, bot_rate: false },
    ]);
  });

  it('bot_rate flags a minute of more than 20 clicks, even a first one with no history; 20 clicks are not flagged', async () => {
    // Arrange
    const steps = [...clicksOf('u1', 21, '10:00:10'), ...clicksOf('u2', 20, '10:00:20')];

    // Act
    const run = await clickRate.run(steps);

    // Assess: first minutes: avg = clicks, z NULL, and 21 > 5 * 21 is false, so no spike.
    run.expectRows([
      { user_id: 'u1', clicks: 21, clicks_avg_1d: 21, clicks_zscore_1d: null, unusual_rate: false, rate_spike: false, bot_rate: true },
      { user_id: 'u2', clicks: 20, clicks_avg_1d: 20, clicks_zscore_1d: null, unusual_rate: false, rate_spike: false, bot_rate: false },
    ]);
  });

  it('the trailing day reaches back exactly 24 hours: a minute exactly one day earlier counts, one a minute earlier still does not', async () => {
    // Arrange: u1's minutes 10:00 on Jan 5 and Jan 6 are exactly one day apart; u2's minute 09:59 on Jan 5 is a day
    // and a minute before its minute 10:00 on Jan 6.
    const steps = [
      ...clicksOf('u2', 3, '09:59:10'),
      ...clicksOf('u1', 3, '10:00:10'),
      ...clicksOf('u1', 1, '2026-01-06T10:00:10Z'),
      ...clicksOf('u2', 1, '2026-01-06T10:00:20Z'),
    ];

    // Act
    const run = await clickRate.run(steps);

    // Assess: u1 on Jan 6 over {3, 1}: avg 2, stddev 1, z = (1 - 2)/1 = -1. u2 on Jan 6 over {1} alone: avg 1, z NULL.
    run.expectRows([
      { user_id: 'u2', window_start: timestamp('09:59'), clicks: 3, clicks_avg_1d: 3, clicks_zscore_1d: null },
      { user_id: 'u1', window_start: timestamp('10:00'), clicks: 3, clicks_avg_1d: 3, clicks_zscore_1d: null },
      { user_id: 'u1', window_start: timestamp('2026-01-06T10:00:00Z'), clicks: 1, clicks_avg_1d: 2, clicks_zscore_1d: -1, unusual_rate: false },
      { user_id: 'u2', window_start: timestamp('2026-01-06T10:00:00Z'), clicks: 1, clicks_avg_1d: 1, clicks_zscore_1d: null, unusual_rate: false },
    ]);
  });

  it('a late click still counts in a minute not yet emitted; one that arrives after its minute was emitted is dropped', async () => {
    // Arrange
    const steps = [
      click({ ts: at('10:00:10') }),
      click({ ts: at('10:01:30') }), // moves the watermark to 10:01:25: emits the minute 10:00
      click({ event_id: 'late-dropped', ts: at('10:00:50') }), // behind it, and its minute 10:00 is out
      click({ event_id: 'late-counted', ts: at('10:01:20') }), // behind it, but its minute 10:01 is still open
    ];

    // Act
    const run = await clickRate.run(steps);

    // Assess: 10:00 keeps 1 click; 10:01 has 10:01:30 and late-counted, 2: over {1, 2} avg 1.5, stddev 0.5,
    // z = (2 - 1.5)/0.5 = 1.
    run.expectRowsEmittedAt('10:01:25', [{ window_start: timestamp('10:00'), clicks: 1, clicks_avg_1d: 1, clicks_zscore_1d: null }]);
    run.expectRowsEmittedAt('end', [{ window_start: timestamp('10:01'), clicks: 2, clicks_avg_1d: 1.5, clicks_zscore_1d: 1 }]);
    run.expectRows([
      { window_start: timestamp('10:00'), clicks: 1 },
      { window_start: timestamp('10:01'), clicks: 2 },
    ]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late-dropped', 'late-counted']);
  });

  it("the end of input emits every user's last minute", async () => {
    // Arrange: the watermark stays at 10:00:15, before the minute's end.
    const steps = [...clicksOf('u1', 1, '10:00:10'), ...clicksOf('u2', 2, '10:00:20')];

    // Act
    const run = await clickRate.run(steps);

    // Assess
    run.expectRows([
      { user_id: 'u1', window_start: timestamp('10:00'), clicks: 1 },
      { user_id: 'u2', window_start: timestamp('10:00'), clicks: 2 },
    ]);
    run.expectRowsEmittedAt('end', [
      { user_id: 'u1', clicks: 1 },
      { user_id: 'u2', clicks: 2 },
    ]);
  });
});
