import { addDuration, and, count, pattern, zeroOrMore } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * Abandoned carts: a user views a product, puts it in the cart, and buys nothing in the next 30
 * minutes. One row per abandoned cart, emitted when the user's next click comes 30 minutes or more
 * after the add-to-cart: MATCH_RECOGNIZE has no timed-out matches (FLINK-18642), so "nothing
 * happened" shows only once something happens later. A user who never comes back within a day is
 * not reported; `user-sessions.v1` (purchases per session) covers carts left at the end of a visit.
 */
export const v1 = pattern({
  from: clicks,
  partitionBy: 'user_id',
  define: {
    viewed: (c) => c.event_type.eq('view'),
    carted: (c) => c.event_type.eq('add_to_cart'),
    // Any click but a purchase within 30 minutes of the add-to-cart.
    lingering: (c, { carted }) => and(c.event_type.ne('purchase'), c.event_time.lt(addDuration(carted.event_time, '30 min'))),
    // The first click after those 30 minutes: the cart was abandoned.
    returned: (c, { carted }) => c.event_time.ge(addDuration(carted.event_time, '30 min')),
  },
  sequence: ['viewed', 'carted', zeroOrMore('lingering'), 'returned'],
  within: '1 d',
  measures: ({ viewed, carted, lingering, returned }) => ({
    product_url: viewed.url,
    cart_price: carted.price,
    carted_at: carted.event_time,
    clicks_after_cart: count(lingering.event_id),
    left_from_url: lingering.url,
    returned_at: returned.event_time,
  }),
  description: 'Carts with no purchase within 30 minutes, per user (view -> add-to-cart -> no purchase)',
});

export type Output = typeof v1.Row;
