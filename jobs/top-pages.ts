import { count, countDistinct, job, tumble } from '../sql/index.js';
import { clicks } from './sources.js';

/** The ten most viewed pages of every 5 minutes, with their rank; pages with equal views rank by URL, so every run ranks them alike. */
export const v1 = job({
  from: clicks,
  where: (c) => c.event_type.eq('view'),
  keys: ['url'],
  window: tumble('5 min'),
  aggregations: (c) => [count().as('views_5m'), countDistinct(c.user_id)],
  top: { n: 10, by: 'views_5m', thenBy: ['url'] },
  description: 'Top 10 pages by views per 5-minute window (equal views by URL)',
});

export type Output = typeof v1.Row;
