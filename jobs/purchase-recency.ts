import { latestRowPer, secondsBetween, temporalJoin } from '../sql/index.js';
import { clicks } from './sources.js';

/** Each user's latest purchase, as a versioned table: which purchase was the latest at any time. */
const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id', where: (c) => c.event_type.eq('purchase') });

/**
 * Every click with the user's latest purchase as of the click's event time (a purchase click sees
 * itself): its value and how long ago it was. Nulls for a user who has bought nothing yet, or
 * nothing the job still remembers: a user's state goes after 30 days without a click.
 */
export const v1 = temporalJoin({
  stream: { from: clicks, as: 'click' },
  versions: { from: latestPurchases, as: 'purchase' },
  key: 'user_id',
  stateTtl: '30 d',
  select: ({ click, purchase }) => ({
    user_id: click.user_id,
    event_id: click.event_id,
    event_type: click.event_type,
    last_purchase_event_id: purchase.event_id,
    last_order_value: purchase.price,
    seconds_since_purchase: secondsBetween(purchase.event_time, click.event_time),
  }),
  partitionBy: 'user_id',
  description: "Every click with the user's latest purchase at the click's time: its value and the seconds since",
});

export type Output = typeof v1.Row;
