import { source, t } from '../sql/index.js';

/**
 * The raw clickstream as the producer writes it to the `raw` stream: one JSON object per event,
 * validated and normalized (timestamps as UTC epoch milliseconds in `ts`).
 */
export const clicks = source({
  name: 'clicks',
  stream: 'raw',
  columns: {
    event_id: t.string(),
    user_id: t.string(),
    session_id: t.string(),
    event_type: t.string(),
    url: t.string(),
    referrer: t.nullable(t.string()),
    ip: t.string(),
    zip: t.nullable(t.string()),
    user_agent: t.string(),
    price: t.nullable(t.double()),
    ts: t.bigint(),
  },
  eventTime: { column: 'ts', watermarkDelay: '5 s' },
});
