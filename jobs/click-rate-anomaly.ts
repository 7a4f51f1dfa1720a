import { avg, count, job, rateSpike, threshold, trailing, tumble, withRules, zScore } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * How unusual a user's click rate is: clicks per minute; that minute's z-score against the same
 * user's active minutes of the last day (minutes without clicks have no row, and the minute itself
 * counts, so z can pass 3 only after ten earlier active minutes); and three flags. A bot clicking fast
 * from its first minute on is caught by the absolute rate; a user whose rate jumps against a calmer
 * history, by the z-score and the spike.
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
    bot_rate: threshold(minute.clicks, { above: 20 }),
  }),
);

export type Output = typeof v1.Row;
