import { at, eventsOf } from '../job-test-kit/index.js';
import { clicks } from './sources.js';

/**
 * A click for job tests that needs only the columns a test is about: by default user u1 in session s1 views
 * /home at 10:00 on the test day, without price, referrer or zip; each click gets its own event id (e1, e2, ...).
 */
export const click = eventsOf(clicks, (n) => ({
  event_id: `e${String(n)}`,
  user_id: 'u1',
  session_id: 's1',
  event_type: 'view',
  url: '/home',
  referrer: null,
  ip: '10.0.0.1',
  zip: null,
  user_agent: 'Mozilla/5.0 (job test)',
  price: null,
  ts: at('10:00'),
}));
