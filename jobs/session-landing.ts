import { firstRowPer, join, secondsBetween } from '../sql/index.js';
import { clicks } from './sources.js';

/** Each session's first click to arrive: where the visit landed and from where. */
const sessionLandings = firstRowPer({ name: 'session_landings', from: clicks, key: 'session_id' });

/**
 * Every click with its session's landing: the landing page and referrer (a campaign or search
 * visit behaves differently from a direct one) and how long into the visit the click came. A regular
 * join: the landing is kept a day after it was written, far longer than a session (30 minutes
 * without a click ends it), so every click of a session finds its landing. A click is kept only
 * ten minutes: it waits for nothing but its own session's landing, which arrives with the first click.
 */
export const v1 = join({
  left: { from: clicks, as: 'click' },
  right: { from: sessionLandings, as: 'landing' },
  key: ['session_id', 'session_id'],
  stateTtl: { click: '10 min', landing: '1 d' },
  select: ({ click, landing }) => ({
    user_id: click.user_id,
    event_id: click.event_id,
    session_id: click.session_id,
    event_type: click.event_type,
    landing_url: landing.url,
    landing_referrer: landing.referrer,
    seconds_since_landing: secondsBetween(landing.event_time, click.event_time),
  }),
  partitionBy: 'user_id',
  description: "Every click with its session's landing page, referrer and the seconds since landing",
});

export type Output = typeof v1.Row;
