import { divide, eventFeatures, lookup, times } from '../sql/index.js';
import { clicks, pageCategories, zipCodes } from './sources.js';

/**
 * Each click with where it came from and what it looked at: zip-code metadata from Redis and the
 * page's site section from the reference file, joined in the stream job so the enricher needs no
 * lookup of its own for them. A click with an unknown zip or page keeps going with NULLs.
 */
export const v1 = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  lookups: (c) => ({ area: lookup(zipCodes, c.zip), page: lookup(pageCategories, c.url) }),
  select: (c, { area, page }) => ({
    event_id: c.event_id,
    event_type: c.event_type,
    event_time: c.event_time,
    zip: c.zip,
    city: area.city,
    state: area.state,
    median_income: area.median_income,
    population_density: area.population_density,
    page_category: page.category,
    is_checkout: page.is_checkout,
    price: c.price,
    // Spend relative to the area's income: a 2,000 purchase means more at 30k than at 200k. NULL
    // where the income is unknown or zero (divide gives NULL for a zero divisor).
    price_per_10k_income: divide(times(c.price, 10_000), area.median_income),
  }),
  description: 'Per-click context: zip-code metadata (Redis) and page category (reference file)',
});

export type Output = typeof v1.Row;
