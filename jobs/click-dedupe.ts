import { dedupe } from '../sql/index.js';
import { clicks } from './sources.js';

/** The clickstream without repeats: a producer retry can deliver an event twice; keep the first. */
export const v1 = dedupe({
  from: clicks,
  key: ['event_id'],
  stateTtl: '1 h',
  sinkStream: 'clicks-deduped',
  description: 'Clicks deduplicated by event id (first arrival wins, ids remembered for an hour)',
});

export type Output = typeof v1.Row;
