import { count, job, max, session, withDataLakeCopy } from '../../sql/index.js';
import { clicks } from '../../jobs/sources.js';

/**
 * A session window over two keys, for its job test: a user's sessions on each page, closed after 10 minutes
 * without a click on that page, copied to the data lake. (Two keys once printed `PARTITION BY a, b`, which Flink
 * refuses; a view holding them printed it again so, hence the data-lake copy, whose rows go through a view.)
 */
export const v1 = withDataLakeCopy(
  job({ from: clicks, keys: ['user_id', 'url'], window: session({ gap: '10 min' }), aggregations: (c) => [count(), max(c.event_time).as('last_click_at')] }),
  { folder: 'page-sessions', partitionBy: { column: 'window_start', every: 'day' } },
);
