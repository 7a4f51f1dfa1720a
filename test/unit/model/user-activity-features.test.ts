import { describe, expect, it } from 'vitest';
import { userActivityFeatures } from '../../../model/user-activity-features.js';
import type { ClickEvent } from '../../../producer/click-event.js';

const BASE = Date.parse('2026-11-23T10:00:00Z'); // a Monday; 05:00 in New York (EST, UTC-5)

function click(index: number, minutes: number, price: number | null, user = 'u1'): ClickEvent {
  return { event_id: `e${String(index)}`, user_id: user, session_id: 's', event_type: 'view', url: `/p${String(index % 3)}`, referrer: null, ip: '10.0.0.1', zip: null, user_agent: 'test', price, ts: BASE + minutes * 60_000 };
}

/** Expected values are worked out by hand, as in the Flink job's own E2E test. */
describe('userActivityFeatures (the TypeScript twin of jobs/user-activity.ts)', () => {
  it('counts, distinct urls, average and z-score over each user’s trailing hour, local time in New York', () => {
    const rows = userActivityFeatures([click(0, 0, 10), click(1, 1, 20), click(2, 2, 30), click(3, 3, 40), click(4, 3, null, 'u2'), click(5, 64, null)]);

    // mean 25, population stddev sqrt(125) = 11.1803: (40 - 25) / 11.1803 = 1.3416
    expect(rows.map((row) => [row.event_id, row.event_count_1h, row.url_count_distinct_1h, row.price_avg_1h, row.price_zscore_1h === null ? null : Number(row.price_zscore_1h.toFixed(4))])).toEqual([
      ['e0', 1, 1, 10, null],
      ['e1', 2, 2, 15, 1],
      ['e2', 3, 3, 20, 1.2247],
      ['e3', 4, 3, 25, 1.3416],
      ['e4', 1, 1, null, null],
      // 64 minutes on: e0..e3 (minutes 0-3) have left u1's hour.
      ['e5', 1, 1, null, null],
    ]);
    expect(rows[0]).toMatchObject({ hour_of_day: 5, day_of_week: 2, event_time: '2026-11-23T10:00:00Z', feature_set: 'user-activity.v1', ip: '10.0.0.1' });
  });

  it('gives clicks at the same millisecond the same frame (RANGE peers)', () => {
    const rows = userActivityFeatures([click(0, 0, 10), click(1, 0, 30)]);
    expect(rows.map((row) => [row.event_count_1h, row.price_avg_1h])).toEqual([[2, 20], [2, 20]]);
  });

  it('refuses clicks out of time order, naming the click', () => {
    expect(() => userActivityFeatures([click(0, 5, null), click(1, 1, null)])).toThrow('clicks must be in time order: e1 at');
  });
});
