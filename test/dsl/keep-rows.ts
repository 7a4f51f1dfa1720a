import { clicks } from '../../jobs/sources.js';
import { count, job, keepRows, threshold, tumble, withRules } from '../../sql/index.js';

/** Only the minutes a rule flags: a user with more than 2 clicks in a minute. */
export const busyMinutes = keepRows(
  withRules(job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: () => [count()] }), (minute) => ({
    busy: threshold(minute.event_count_1m, { above: 2 }),
  })),
  (minute) => minute.busy,
);
