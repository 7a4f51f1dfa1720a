import { clicks } from '../../jobs/sources.js';
import { eventFeatures, randomCutForest } from '../../sql/index.js';

/** A forest with its own parameters: scores from a user's 4th click on, each click scored with the one before it. */
export const shingled = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({ event_id: c.event_id }),
  anomalyScore: (c) => randomCutForest([c.price], { warmUp: 3, shingleSize: 2, trees: 10, sampleSize: 32 }),
  stateTtl: '1 h',
});
