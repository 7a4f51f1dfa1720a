import { and, intervalJoin } from '../sql/index.js';
import { clicks } from './sources.js';

/**
 * Which product views lead to a purchase: every priced product view paired with a purchase in the
 * same session up to 30 minutes later, with both times and the order's value. A view followed by two
 * purchases gives two rows; a view without a purchase gives none.
 */
export const v1 = intervalJoin({
  left: { from: clicks, as: 'viewed', where: (c) => and(c.event_type.eq('view'), c.price.isNotNull()) },
  right: { from: clicks, as: 'bought', where: (c) => c.event_type.eq('purchase') },
  key: ['session_id', 'session_id'],
  within: { after: '30 min' },
  select: ({ viewed, bought }) => ({
    session_id: viewed.session_id,
    user_id: viewed.user_id,
    viewed_event_id: viewed.event_id,
    product_url: viewed.url,
    product_price: viewed.price,
    viewed_at: viewed.event_time,
    purchase_event_id: bought.event_id,
    order_value: bought.price,
    bought_at: bought.event_time,
  }),
  partitionBy: 'session_id',
  description: 'Product views paired with a purchase in the same session within 30 minutes',
});

export type Output = typeof v1.Row;
