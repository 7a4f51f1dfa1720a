import { eventFeatures, hourOfDay, randomCutForest } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * How unusual each priced click is for its user, by a Random Cut Forest over the user's history of
 * (price, hour of day): ~1 is ordinary, 3 and more stands out. A user's first 32 priced clicks get
 * NULL while the forest learns; users idle for a week are forgotten.
 */
export const v1 = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  where: (c) => c.price.isNotNull(),
  select: (c) => ({
    event_id: c.event_id,
    event_type: c.event_type,
    event_time: c.event_time,
    price: c.price,
    hour_of_day: hourOfDay(c.event_time, 'UTC'),
  }),
  anomalyScore: (c) => randomCutForest([c.price, hourOfDay(c.event_time, 'UTC')], { as: 'price_anomaly_score' }),
  stateTtl: '7 d',
  description: 'Per-user Random Cut Forest score of (price, hour of day)',
});

export type Output = typeof v1.Row;
