import { avg, count, job, trailing, tumble, zScore } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * How unusual a user's click rate is: clicks per minute, and that minute's z-score against the same
 * user's active minutes of the last day (minutes without clicks have no row, so they do not count).
 * A bot burst stands out at several standard deviations in its first minutes; people stay near 0.
 */
export const v1 = job({
  from: clicks,
  keys: ['user_id'],
  window: tumble('1 min'),
  aggregations: () => [count().as('clicks')],
  trailing: { window: trailing('1 d'), features: (minute) => [avg(minute.clicks), zScore(minute.clicks)] },
  description: "Clicks per user and minute, with the minute's z-score against the user's active minutes of the last day",
});

export type Output = typeof v1.Row;
