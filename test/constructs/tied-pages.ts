import { count, job, sum, tumble } from '../../sql/index.js';
import { clicks } from '../../jobs/sources.js';

/** Window Top-N keeping ties (`ties: 'rank'`), for its job test: the three pages of most revenue every 5 minutes, tied pages all kept. */
export const v1 = job({
  from: clicks,
  keys: ['url'],
  window: tumble('5 min'),
  aggregations: (c) => [count().as('clicks'), sum(c.price).as('revenue')],
  top: { n: 3, by: 'revenue', ties: 'rank' },
});
