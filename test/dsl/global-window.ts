import { clicks } from '../../jobs/sources.js';
import { count, countDistinct, job, tumble } from '../../sql/index.js';

/** Site-wide clicks and visitors per minute: no keys, one row per window. */
export const siteMinutes = job({ from: clicks, keys: [], window: tumble('1 min'), aggregations: (c) => [count(), countDistinct(c.user_id)] });
