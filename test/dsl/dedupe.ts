import { clicks } from '../../jobs/sources.js';
import { dedupe } from '../../sql/index.js';

/** A replay that carries the original's earlier event time wins, whichever copy arrived first; only the columns a reader needs. */
export const earliest = dedupe({
  from: clicks,
  key: ['event_id'],
  keep: 'earliest-event-time',
  within: '1 h',
  select: (c) => ({ event_id: c.event_id, user_id: c.user_id, url: c.url, event_time: c.event_time }),
  sinkStream: 'clicks-deduped',
});

/** The first copy to arrive, with event_time instead of the raw epoch-millisecond ts. */
export const firstArrival = dedupe({
  from: clicks,
  key: ['event_id'],
  stateTtl: '1 h',
  select: (c) => ({ event_id: c.event_id, url: c.url, event_time: c.event_time }),
  sinkStream: 'clicks-deduped',
});
