import { caseWhen, cast, constant, or, unionAll, unionPart } from '../sql/index.js';
import { v1 as cartAbandonment } from './cart-abandonment.js';
import { v1 as clickRateAnomaly } from './click-rate-anomaly.js';

/**
 * One stream of alerts per user, for whoever acts on them (a retention email, a bot block): abandoned
 * carts and flagged click rates, each with when it was detected and a short detail. The two jobs run
 * inside this one; it needs neither of them deployed.
 */
export const v1 = unionAll({
  parts: [
    unionPart(cartAbandonment, {
      select: (cart) => ({ user_id: cart.user_id, alert: constant('abandoned_cart'), detected_at: cart.returned_at, detail: cart.product_url }),
    }),
    unionPart(clickRateAnomaly, {
      where: (minute) => or(minute.bot_rate, minute.rate_spike, minute.unusual_rate),
      select: (minute) => ({
        user_id: minute.user_id,
        // The strongest evidence first: an absolute bot rate, then a spike against the user's own baseline.
        alert: caseWhen([[minute.bot_rate, 'bot_rate'], [minute.rate_spike, 'rate_spike']], 'unusual_rate'),
        detected_at: cast(minute.window_end, 'TIMESTAMP_LTZ(3)'),
        detail: cast(minute.clicks, 'STRING'),
      }),
    }),
  ],
  partitionBy: 'user_id',
  description: 'Alerts per user: abandoned carts and unusual click rates, with when and a detail',
});

export type Output = typeof v1.Row;
