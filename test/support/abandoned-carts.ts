import { flinkInstant } from '../../model/user-activity-features.js';
import type { ClickEvent } from '../../producer/click-event.js';

const THIRTY_MINUTES = 30 * 60_000;
const ONE_DAY = 24 * 3_600_000;

/**
 * What jobs/cart-abandonment.ts should emit, worked out without Flink or the compiler: per user, in
 * time order, a view directly followed by an add-to-cart, then clicks that are not purchases and
 * come within 30 minutes of the add-to-cart, then a click 30 minutes or more after it, less than a
 * day after the view. A match's clicks are not reused; a failed start moves on by one click.
 */
export function abandonedCarts(clicks: readonly ClickEvent[], featureSet: string): Record<string, unknown>[] {
  const byUser = new Map<string, ClickEvent[]>();
  for (const click of clicks) byUser.set(click.user_id, [...(byUser.get(click.user_id) ?? []), click]);
  const rows: Record<string, unknown>[] = [];
  for (const [user, unsorted] of byUser) {
    const own = [...unsorted].sort((a, b) => a.ts - b.ts);
    let start = 0;
    while (start + 1 < own.length) {
      const viewed = own[start];
      const carted = own[start + 1];
      if (viewed?.event_type !== 'view' || carted?.event_type !== 'add_to_cart') {
        start += 1;
        continue;
      }
      const deadline = carted.ts + THIRTY_MINUTES;
      let next = start + 2;
      while (next < own.length && own[next]?.event_type !== 'purchase' && (own[next]?.ts ?? 0) < deadline) next += 1;
      const returned = own[next];
      // Flink drops a partial match once a row comes a full day or more after its first one.
      if (returned === undefined || returned.ts < deadline || returned.ts - viewed.ts >= ONE_DAY) {
        start += 1;
        continue;
      }
      const lingered = next - start - 2;
      rows.push({
        user_id: user,
        feature_set: featureSet,
        product_url: viewed.url,
        cart_price: carted.price,
        carted_at: flinkInstant(carted.ts),
        clicks_after_cart: lingered,
        left_from_url: lingered === 0 ? null : (own[next - 1]?.url ?? null),
        returned_at: flinkInstant(returned.ts),
      });
      start = next + 1;
    }
  }
  return rows;
}
