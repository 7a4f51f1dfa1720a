import { avg, count, job, rateSpike, threshold, trailing, tumble, withRules, zScore } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * How unusual a user's click rate is: clicks per minute, and that minute's z-score against the same
 * user's active minutes of the last day (minutes without clicks have no row, so they do not count).
 * A bot burst stands out at several standard deviations in its first minutes, and at many times the
 * user's average minute; people stay near 0. The two flags are threshold rules over those features.
 */
export const v1 = withRules(
  job({
    from: clicks,
    keys: ['user_id'],
    window: tumble('1 min'),
    aggregations: () => [count().as('clicks')],
    trailing: { window: trailing('1 d'), features: (minute) => [avg(minute.clicks), zScore(minute.clicks)] },
    description: "Clicks per user and minute, with the minute's z-score against the user's active minutes of the last day",
  }),
  (minute) => ({
    unusual_rate: threshold(minute.clicks_zscore_1d, { above: 3 }),
    // A human clicks a few times a minute at most; 20 and five times the usual minute is a burst.
    rate_spike: rateSpike(minute.clicks, minute.clicks_avg_1d, { factor: 5, minimum: 20 }),
  }),
);

export type Output = typeof v1.Row;
