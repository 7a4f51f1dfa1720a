/**
 * Jobs `npm run bench:sql` measures where no file in jobs/ fits the datagen input: datagen's strings
 * are random hex (`event_type` is one hex digit, `user_id` three, `url` two), so a job filtering on
 * 'view' or 'purchase' would see no rows. Each mirrors a job in jobs/ with hex event types ('a' a
 * view, 'b' an add-to-cart, 'c' a purchase) and durations scaled to the input's ~17 minutes of event
 * time; and one job per function family, so each family's generated SQL is measured on its own.
 */
import {
  abs, and, caseWhen, cast, concat, constant, count, countDistinct, dayOfMonth, dayOfWeek, divide, eventFeatures, firstRowPer,
  hourOfDay, intervalJoin, join, latestRowPer, length, like, lower, minus, minute, mod, month, or, pattern, plus, power,
  regexpExtract, regexpReplace, replace, round, secondsBetween, splitIndex, sqrt, substring, temporalJoin, times, trim, truncateTo,
  tumble, unionAll, unionPart, upper, weekOfYear, year, zeroOrMore, job, addDuration, ln,
} from '../sql/index.js';
import { v1 as clickRateAnomaly } from '../jobs/click-rate-anomaly.js';
import { clicks } from '../jobs/sources.js';

/** jobs/top-pages.ts without its 'view' filter: the ten busiest pages of every 5 minutes. */
export const topPages = job({
  from: clicks,
  keys: ['url'],
  window: tumble('5 min'),
  aggregations: (c) => [count().as('views_5m'), countDistinct(c.user_id)],
  top: { n: 10, by: 'views_5m', thenBy: ['url'] },
});

/** jobs/cart-abandonment.ts with hex event types and 30 seconds for 30 minutes. */
export const cartAbandonment = pattern({
  from: clicks,
  partitionBy: 'user_id',
  define: {
    viewed: (c) => c.event_type.eq('a'),
    carted: (c) => c.event_type.eq('b'),
    lingering: (c, { carted }) => and(c.event_type.ne('c'), c.event_time.lt(addDuration(carted.event_time, '30 s'))),
    returned: (c, { carted }) => c.event_time.ge(addDuration(carted.event_time, '30 s')),
  },
  sequence: ['viewed', 'carted', zeroOrMore('lingering'), 'returned'],
  within: '1 h',
  measures: ({ viewed, carted, lingering, returned }) => ({
    product_url: viewed.url,
    cart_price: carted.price,
    carted_at: carted.event_time,
    clicks_after_cart: count(lingering.event_id),
    left_from_url: lingering.url,
    returned_at: returned.event_time,
  }),
});

/** jobs/user-alerts.ts over the bench's cart pattern and jobs/click-rate-anomaly.ts. */
export const userAlerts = unionAll({
  parts: [
    unionPart(cartAbandonment, {
      select: (cart) => ({ user_id: cart.user_id, alert: constant('abandoned_cart'), detected_at: cart.returned_at, detail: cart.product_url }),
    }),
    unionPart(clickRateAnomaly, {
      where: (minute) => or(minute.bot_rate, minute.rate_spike, minute.unusual_rate),
      select: (minute) => ({
        user_id: minute.user_id,
        alert: caseWhen([[minute.bot_rate, 'bot_rate'], [minute.rate_spike, 'rate_spike']], 'unusual_rate'),
        detected_at: cast(minute.window_end, 'TIMESTAMP_LTZ(3)'),
        detail: cast(minute.clicks, 'STRING'),
      }),
    }),
  ],
  partitionBy: 'user_id',
});

/** jobs/view-to-purchase.ts by user (datagen's sessions are unique per click) within a minute. */
export const viewToPurchase = intervalJoin({
  left: { from: clicks, as: 'viewed', where: (c) => and(c.event_type.eq('a'), c.price.isNotNull()) },
  right: { from: clicks, as: 'bought', where: (c) => c.event_type.eq('c') },
  key: ['user_id', 'user_id'],
  within: { after: '1 min' },
  select: ({ viewed, bought }) => ({
    user_id: viewed.user_id,
    viewed_event_id: viewed.event_id,
    product_url: viewed.url,
    product_price: viewed.price,
    viewed_at: viewed.event_time,
    purchase_event_id: bought.event_id,
    order_value: bought.price,
    bought_at: bought.event_time,
  }),
  partitionBy: 'user_id',
});

const userLandings = firstRowPer({ name: 'user_landings', from: clicks, key: 'user_id' });

/** jobs/session-landing.ts by user: every click with its user's first click. */
export const userLanding = join({
  left: { from: clicks, as: 'click' },
  right: { from: userLandings, as: 'landing' },
  key: ['user_id', 'user_id'],
  stateTtl: { click: '10 min', landing: '1 d' },
  select: ({ click, landing }) => ({
    user_id: click.user_id,
    event_id: click.event_id,
    event_type: click.event_type,
    landing_url: landing.url,
    landing_referrer: landing.referrer,
    seconds_since_landing: secondsBetween(landing.event_time, click.event_time),
  }),
  partitionBy: 'user_id',
});

const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id', where: (c) => c.event_type.eq('c') });

/** jobs/purchase-recency.ts with a hex purchase type. */
export const purchaseRecency = temporalJoin({
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
});

const ZONE = 'Europe/Berlin';

/** Time parts of each click in a zone other than UTC. */
export const timeParts = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({
    event_id: c.event_id,
    hour_of_day: hourOfDay(c.event_time, ZONE),
    day_of_week: dayOfWeek(c.event_time, ZONE),
    minute: minute(c.event_time, ZONE),
    day_of_month: dayOfMonth(c.event_time, ZONE),
    month: month(c.event_time, ZONE),
    year: year(c.event_time, ZONE),
    week_of_year: weekOfYear(c.event_time, ZONE),
    day: truncateTo(c.event_time, 'day', ZONE),
  }),
});

/** String and regular-expression functions over each click. */
export const strings = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  where: (c) => like(c.url, '%a%'),
  select: (c) => ({
    event_id: c.event_id,
    page: concat('/p/', lower(c.url), '/', upper(c.event_type)),
    prefix: substring(c.event_id, 1, 4),
    id_length: length(trim(c.event_id)),
    dashed: replace(c.event_id, 'a', '-'),
    first_digits: regexpExtract(c.event_id, '([0-9]+)', 1),
    masked: regexpReplace(c.event_id, '[a-f]', 'x'),
    part: splitIndex(c.event_id, 'b', 1),
  }),
});

/** Arithmetic (divide included) and math functions over each click's price. */
export const math = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({
    event_id: c.event_id,
    price_per_item: divide(c.price, 3),
    millis: mod(c.ts, 1000),
    seconds: divide(c.ts, 1000),
    taxed: round(times(c.price, 1.19), 2),
    margin: minus(plus(c.price, 5), abs(minus(c.price, 50))),
    root: sqrt(c.price),
    squared: power(c.price, 2),
    log_price: ln(c.price),
  }),
});
