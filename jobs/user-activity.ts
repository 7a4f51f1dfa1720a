import { avg, count, countDistinct, dayOfWeek, eventFeatures, hourOfDay, trailing, zScore } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * One feature row per click, for per-event predictions: when it happened in the shop's time zone,
 * and how it compares with the same user's last hour (price outliers stand out in the z-score).
 */
export const v1 = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({
    event_id: c.event_id,
    event_type: c.event_type,
    url: c.url,
    ip: c.ip,
    zip: c.zip,
    price: c.price,
    event_time: c.event_time,
    hour_of_day: hourOfDay(c.event_time, 'America/New_York'),
    day_of_week: dayOfWeek(c.event_time, 'America/New_York'),
  }),
  trailing: {
    window: trailing('1 h'),
    features: (c) => [count(), countDistinct(c.url), avg(c.price), zScore(c.price)],
  },
  description: 'Per-click features: local time of day and the user’s trailing hour',
  // 50k events/s at the 11.1k events/s per core that `npm run bench:sql` measured for this job: 5,
  // and room to grow under load.
  scaling: { parallelism: 5, autoscaling: true },
});

export type Output = typeof v1.Row;
