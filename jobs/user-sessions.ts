import { approxPercentile, count, countDistinct, job, max, min, session, sum, withDataLakeCopy } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * Per-user session features: activity closes a session after 30 minutes without events. Every
 * session also goes to the data lake as Parquet, one folder per day the session started: the history
 * models are trained on.
 */
export const v1 = withDataLakeCopy(
  job({
    from: clicks,
    keys: ['user_id'],
    window: session({ gap: '30 min' }),
    aggregations: (c) => [
      count(),
      countDistinct(c.url),
      sum(c.price),
      max(c.price),
      // The typical price of the products the user looked at (carts and orders carry totals): the median, robust to one outlier.
      approxPercentile(c.price, 50).where(c.event_type.eq('view')).as('viewed_price_p50_session'),
      min(c.event_time).as('session_first_event_at'),
      count(c.price).where(c.event_type.eq('purchase')).as('purchases_in_session'),
    ],
    description: 'Per-user session aggregates (30 min inactivity gap)',
  }),
  { folder: 'user-sessions', partitionBy: { column: 'window_start', every: 'day' } },
);

export type Output = typeof v1.Row;
