import { count, countDistinct, hop, job, sum } from '../sql/index.js';
import { clicks } from './sources.js';

/** Traffic per page over the last minute, refreshed every 30 seconds. */
export const v1 = job({
  from: clicks,
  keys: ['url'],
  window: hop({ size: '1 min', slide: '30 s' }),
  aggregations: (c) => [count(), countDistinct(c.user_id), sum(c.price).where(c.event_type.eq('purchase')).as('revenue_1m')],
  description: 'Page views, unique users and revenue per URL over a sliding minute',
});

export type Output = typeof v1.Row;
