import { clicks, pageCategories, zipCodes } from '../../jobs/sources.js';
import type { Aggregation } from '../../sql/dsl/aggregates.js';
import type { Expr } from '../../sql/dsl/expression.js';
import type { Job } from '../../sql/dsl/job-kinds.js';
import type { Window } from '../../sql/dsl/windows.js';
import {
  addDuration, and, avg, caseWhen, lookup, randomCutForest, cast, coalesce, count, countDistinct, cumulate, dayOfWeek, dedupe, eventFeatures, first, hop, hourOfDay, job, last, lower, max, min, minus, not, or,
  session, stddev, sum, times, trailing, trailingRows, tryCast, tumble, upper, variance, zScore, pattern, oneOrMore, optional, repeat, zeroOrMore, withRules, threshold, rateSpike, intervalJoin, approxPercentile,
  join, temporalJoin, firstRowPer, latestRowPer, secondsBetween, source, t, unionAll, unionPart, constant, withDataLakeCopy,
  divide, mod, round, ln, sin, pi, floor, abs, flinkSql, keepRows,
} from '../../sql/index.js';
import {
  between, concat, dateFormat, dayOfMonth, greatest, isIn, jsonValue, least, length, like, md5, minute, month, nullif, regexpExtract, regexpReplace, replace, second, sha256, splitIndex, substring,
  trim, truncateTo, weekOfYear, year,
} from '../../sql/index.js';

type Row = typeof clicks.row;

/** A second stream, for constructs that read two sources: orders as a shop backend writes them. */
const orders = source({
  name: 'orders',
  stream: 'orders',
  columns: { order_id: t.string(), user_id: t.string(), amount: t.decimal(10, 2), placed_at: t.bigint() },
  eventTime: { column: 'placed_at', watermarkDelay: '10 s' },
});

/** A small windowed job showing one window or aggregate construct. */
function windowed(window: Window, aggregations: (c: Row) => readonly Aggregation[], where?: (c: Row) => Expr<boolean | null, 'boolean'>): Job {
  return job({ from: clicks, keys: ['user_id'], window, aggregations, ...(where === undefined ? {} : { where }) });
}

/**
 * One small job per DSL construct: their golden files show what each construct prints, and the
 * Flink planner explains each of them (test/integration/flink-explain.test.ts).
 */
export const CONSTRUCT_JOBS: Record<string, () => Job> = {
  'window-tumble': () => windowed(tumble('1 min'), () => [count()]),
  'window-tumble-processing-time': () => windowed(tumble('10 s', { time: 'processing' }), () => [count()]),
  'window-hop': () => windowed(hop({ size: '1 min', slide: '30 s' }), () => [count()]),
  'window-session': () => windowed(session({ gap: '30 min' }), () => [count()]),
  'window-session-several-keys': () => job({ from: clicks, keys: ['user_id', 'session_id'], window: session({ gap: '30 min' }), aggregations: () => [count()] }),
  'window-cumulate': () => windowed(cumulate({ step: '1 h', maxSize: '1 d' }), () => [count()]),
  'aggregates-all': () =>
    windowed(tumble('5 min'), (c) => [
      count(),
      count(c.referrer),
      countDistinct(c.url),
      sum(c.price),
      avg(c.price),
      min(c.event_time),
      max(c.price),
      stddev(c.price),
      variance(c.price),
      first(c.url),
      last(c.url),
    ]),
  'window-top-n': () =>
    job({
      from: clicks,
      keys: ['url'],
      window: hop({ size: '10 min', slide: '5 min' }),
      aggregations: (c) => [count(), sum(c.price)],
      top: { n: 5, by: 'price_sum_10m', order: 'asc' },
    }),
  'window-top-n-then-by': () =>
    job({
      from: clicks,
      keys: ['url', 'event_type'],
      window: tumble('5 min'),
      aggregations: (c) => [count(), countDistinct(c.user_id)],
      top: { n: 10, by: 'event_count_5m', thenBy: [['user_id_count_distinct_5m', 'desc'], 'url', 'event_type'] },
    }),
  'window-top-n-ties-rank': () =>
    job({
      from: clicks,
      keys: ['url', 'referrer'],
      window: tumble('5 min'),
      aggregations: (c) => [count(), sum(c.price)],
      top: { n: 3, by: 'price_sum_5m', thenBy: ['referrer'], ties: 'rank' },
    }),
  'aggregate-filter-and-rename': () =>
    windowed(tumble('1 h'), (c) => [count().as('views'), sum(c.price).where(c.event_type.eq('purchase')).as('revenue')]),
  'where-boolean-logic': () =>
    windowed(
      tumble('1 min'),
      () => [count()],
      (c) => and(c.price.isNotNull(), or(c.event_type.eq('purchase'), not(c.event_type.ne('add_to_cart'))), c.zip.ne("it's -- /* */")),
    ),
  'case-cast-try-cast': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({
        event_id: c.event_id,
        price_band: caseWhen([[c.price.ge(100), 'high'], [c.price.ge(10), 'mid']], 'low'),
        zip_number: tryCast(c.zip, 'INT'),
        ts_text: cast(c.ts, 'STRING'),
      }),
    }),
  'where-arithmetic': () => windowed(tumble('1 min'), () => [count()], (c) => times(minus(c.price, 1.5), 2).ge(100)),
  'event-features-select-functions': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      where: (c) => c.event_type.ne('heartbeat'),
      select: (c) => ({
        event_id: c.event_id,
        zip: coalesce(c.zip, 'unknown'),
        url_lower: lower(c.url),
        type_upper: upper(c.event_type),
        hour_of_day: hourOfDay(c.event_time, 'Asia/Kolkata'),
        day_of_week: dayOfWeek(c.event_time, 'UTC'),
      }),
    }),
  'event-features-trailing-range': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({ event_id: c.event_id }),
      trailing: { window: trailing('30 min'), features: (c) => [count(), sum(c.price), max(c.price).as('max_recent_price')] },
    }),
  'dedupe-first-arrival-with-ttl': () => dedupe({ from: clicks, key: ['event_id', 'user_id'], stateTtl: '30 min', sinkStream: 'deduped' }),
  'event-features-trailing-processing-time': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({ event_id: c.event_id }),
      trailing: { window: trailing('1 h', { time: 'processing' }), features: (c) => [count(), zScore(c.price)] },
    }),
  'event-features-trailing-rows-zscore': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'session_id',
      select: (c) => ({ event_id: c.event_id, price: c.price }),
      trailing: { window: trailingRows(50), features: (c) => [zScore(c.price), avg(c.price)] },
    }),
  'lookup-join-redis-and-file': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      lookups: (c) => ({ area: lookup(zipCodes, c.zip), page: lookup(pageCategories, lower(c.url)) }),
      where: (_c, { page }) => page.is_checkout.isNotNull(),
      select: (c, { area, page }) => ({ event_id: c.event_id, zip: c.zip, city: area.city, category: page.category }),
    }),
  'random-cut-forest-processing-time': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({ event_id: c.event_id }),
      anomalyScore: (c) => randomCutForest([c.price, c.ts], { time: 'processing' }),
      stateTtl: '1 d',
    }),
  'pattern-quantifiers': () =>
    pattern({
      from: clicks,
      partitionBy: 'session_id',
      define: {
        landed: (c) => c.referrer.isNotNull(),
        searching: (c) => c.url.eq('/search'),
        viewing: (c) => c.event_type.eq('view'),
        carted: (c) => c.event_type.eq('add_to_cart'),
        paying: (c) => c.event_type.eq('checkout'),
        bought: (c, { carted }) => and(c.event_type.eq('purchase'), c.event_time.le(addDuration(carted.event_time, '2 h'))),
      },
      sequence: [optional('landed'), zeroOrMore('searching', { reluctant: true }), repeat('viewing', { min: 2, max: 5 }), oneOrMore('carted'), repeat('paying', { min: 1 }), 'bought'],
      within: '6 h',
      measures: ({ landed, searching, viewing, carted, bought }) => ({
        referrer: landed.referrer,
        searches: count(searching.event_id),
        clicks_in_match: count(),
        viewed_price_avg: avg(viewing.price),
        cart_value: sum(carted.price),
        first_cart_at: min(carted.event_time),
        bought_at: bought.event_time,
      }),
    }),
  'pattern-processing-time': () =>
    pattern({
      from: clicks,
      partitionBy: 'user_id',
      define: { first: (c) => c.event_type.eq('view'), again: (c, { first }) => c.url.eq(first.url) },
      sequence: ['first', 'again'],
      within: '10 min',
      measures: ({ again }) => ({ url: again.url }),
      time: 'processing',
    }),
  'window-trailing-zscore-processing-time': () =>
    job({
      from: clicks,
      keys: ['url', 'event_type'],
      window: hop({ size: '10 min', slide: '5 min' }, { time: 'processing' }),
      aggregations: (c) => [count(), sum(c.price).as('revenue')],
      trailing: { window: trailingRows(12, { time: 'processing' }), features: (row) => [zScore(row.event_count_10m), max(row.revenue).as('best_revenue')] },
    }),
  'rules-threshold-and-rate-spike': () =>
    withRules(
      eventFeatures({
        from: clicks,
        partitionBy: 'user_id',
        select: (c) => ({ event_id: c.event_id, price: c.price }),
        trailing: { window: trailing('1 h'), features: (c) => [count(), avg(c.price), zScore(c.price)] },
      }),
      (row) => ({
        price_outlier: threshold(row.price_zscore_1h, { above: 3, below: -3 }),
        cheap: threshold(row.price, { below: row.price_avg_1h }),
        busy: rateSpike(row.event_count_1h, 10, { factor: 3 }),
      }),
    ),
  'interval-join-before-and-after': () =>
    intervalJoin({
      left: { from: clicks, as: 'carted', where: (c) => c.event_type.eq('add_to_cart') },
      right: { from: clicks, as: 'searched' },
      key: ['user_id', 'user_id'],
      within: { before: '10 min', after: '1 h' },
      select: ({ carted, searched }) => ({ user_id: carted.user_id, search_url: searched.url, carted_at: carted.event_time }),
      partitionBy: 'user_id',
    }),
  'approx-percentile-hop': () => windowed(hop({ size: '5 min', slide: '1 min' }), (c) => [approxPercentile(c.price, 95), approxPercentile(c.price, 99.9)]),
  'pattern-ends-with-optional': () =>
    pattern({
      from: clicks,
      partitionBy: 'user_id',
      define: { carted: (c) => c.event_type.eq('add_to_cart'), paid: (c) => c.event_type.eq('checkout') },
      sequence: ['carted', optional('paid')],
      within: '1 h',
      measures: ({ carted, paid }) => ({ carted_at: carted.event_time, paid_at: paid.event_time }),
    }),
  'pattern-ends-with-exact-repeat': () =>
    pattern({
      from: clicks,
      partitionBy: 'user_id',
      define: { searched: (c) => c.url.eq('/search'), viewed: (c) => c.event_type.eq('view') },
      sequence: ['searched', repeat('viewed', { min: 3, max: 3 })],
      within: '10 min',
      measures: ({ searched, viewed }) => ({ searched_at: searched.event_time, third_view: viewed.url }),
    }),
  'join-source-with-first-row-per-key': () =>
    join({
      left: { from: orders, as: 'order', where: (o) => o.amount.gt(0) },
      right: { from: firstRowPer({ name: 'first_views', from: clicks, key: 'user_id', where: (c) => c.event_type.eq('view') }), as: 'first_view' },
      key: ['user_id', 'user_id'],
      stateTtl: '7 d',
      select: ({ order, first_view }) => ({
        order_id: order.order_id,
        amount: order.amount,
        first_viewed_url: first_view.url,
        seconds_from_first_view: secondsBetween(first_view.event_time, order.event_time),
      }),
      partitionBy: 'order_id',
    }),
  'temporal-join-latest-row-per-key': () =>
    temporalJoin({
      stream: { from: clicks, as: 'c', where: (c) => c.event_type.ne('bot') },
      versions: { from: latestRowPer({ name: 'latest_orders', from: orders, key: 'user_id' }), as: 'last_order' },
      key: 'user_id',
      stateTtl: '30 d',
      select: ({ c, last_order }) => ({ user_id: c.user_id, last_amount: last_order.amount, last_order_at: last_order.event_time }),
      partitionBy: 'user_id',
    }),
  'union-all-with-a-shared-ttl': () =>
    unionAll({
      parts: [
        unionPart(dedupe({ from: clicks, key: ['event_id'], stateTtl: '1 d', sinkStream: 'deduped' }), {
          where: (c) => c.price.gt(0),
          select: (c) => ({ user_id: c.user_id, signal: constant('priced'), value: c.price, ts: c.ts }),
        }),
        unionPart(
          join({
            left: { from: clicks, as: 'click' },
            right: { from: firstRowPer({ name: 'first_clicks', from: clicks, key: 'user_id' }), as: 'first' },
            key: ['user_id', 'user_id'],
            stateTtl: '1 d',
            select: ({ click, first }) => ({ user_id: click.user_id, since_first: secondsBetween(first.event_time, click.event_time), ts: click.ts }),
            partitionBy: 'user_id',
          }),
          { select: (c) => ({ user_id: c.user_id, signal: constant('seconds since first click'), value: cast(c.since_first, 'DOUBLE'), ts: c.ts }) },
        ),
      ],
      partitionBy: 'user_id',
    }),
  'numbers-arithmetic-and-math': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({
        event_id: c.event_id,
        epoch_seconds: divide(c.ts, 1000),
        millis: mod(c.ts, 1000),
        price_rounded: round(c.price, 2),
        log_price: ln(c.price),
        hour_angle_sin: sin(times(divide(hourOfDay(c.event_time, 'UTC'), 24), times(2, pi()))),
        price_floor: floor(abs(c.price)),
      }),
    }),
  'flink-sql-escape-hatch': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({ event_id: c.event_id, path_depth: flinkSql(t.nullable(t.int()))`CHAR_LENGTH(REGEXP_REPLACE(${c.url}, ${'[^/]'}, ''))` }),
    }),
  'keep-rows-flagged-by-a-rule': () =>
    keepRows(
      withRules(job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: () => [count()] }), (minute) => ({ busy: threshold(minute.event_count_1m, { above: 100 }) })),
      (minute) => minute.busy,
    ),
  'dedupe-earliest-event-time-with-select': () =>
    dedupe({
      from: clicks,
      key: ['event_id'],
      keep: 'earliest-event-time',
      within: '1 h',
      select: (c) => ({ event_id: c.event_id, url: c.url, event_time: c.event_time }),
      sinkStream: 'deduped',
    }),
  'data-lake-copy-hourly': () =>
    withDataLakeCopy(
      eventFeatures({ from: clicks, partitionBy: 'user_id', select: (c) => ({ event_id: c.event_id, url: c.url, at: c.event_time }) }),
      { folder: 'clicks/by-hour', partitionBy: { column: 'at', every: 'hour' } },
    ),
  'scalar-time-functions': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({
        event_id: c.event_id,
        minute_utc: minute(c.event_time, 'UTC'),
        minute_kolkata: minute(c.event_time, 'Asia/Kolkata'),
        second: second(c.event_time, 'UTC'),
        day_of_month: dayOfMonth(c.event_time, 'America/New_York'),
        month: month(c.event_time, 'UTC'),
        year: year(c.event_time, 'Pacific/Auckland'),
        week: weekOfYear(c.event_time, 'Europe/Berlin'),
        minute_start: truncateTo(c.event_time, 'minute', 'UTC'),
        hour_start: truncateTo(c.event_time, 'hour', 'UTC'),
        shop_day: truncateTo(c.event_time, 'day', 'America/New_York'),
        utc_date: dateFormat(c.event_time, "yyyy-MM-dd'T'HH:mm:ss.SSS", 'UTC'),
        shop_weekday: dateFormat(c.event_time, 'EEE', 'America/New_York'),
      }),
    }),
  'scalar-string-functions': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      where: (c) => or(like(c.url, '/products/%'), like(c.url, '%50!%%', { escape: '!' })),
      select: (c) => ({
        event_id: c.event_id,
        user_page: concat(c.user_id, ':', c.url),
        url_prefix: substring(c.url, 1, 9),
        url_length: length(c.url),
        zip: trim(c.zip),
        path: replace(c.url, '/products/', '/p/'),
        product_id: regexpExtract(c.url, '^/products/(\\d+)', 1),
        url_pattern: regexpReplace(c.url, '\\d+', 'N'),
        section: splitIndex(c.url, '/', 1),
        browser: jsonValue(c.user_agent, "$.browser['name']"),
        user_hash: md5(c.user_id),
        ip_hash: sha256(c.ip),
      }),
    }),
  'scalar-comparison-functions': () =>
    eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      where: (c) => not(isIn(c.event_type, ['heartbeat'])),
      select: (c) => ({
        event_id: c.event_id,
        round_price: isIn(c.price, [10, 99.5]),
        mid_price: between(c.price, 10, 100),
        price_floor: greatest(c.price, 0),
        price_cap: least(c.price, 50, 75.5),
        later_url: greatest(c.url, '/m'),
        referrer: nullif(c.referrer, ''),
        first_part: regexpExtract(c.url, '[a-z]+'),
        url_tail: substring(c.url, 2),
      }),
    }),
  'scalar-comparison-functions-decimal': () =>
    eventFeatures({
      from: orders,
      partitionBy: 'user_id',
      where: (o) => and(isIn(o.user_id, ['u1', "o'brien"]), between(o.amount, 1, 1000)),
      select: (o) => ({
        order_id: o.order_id,
        amount_at_least_5: greatest(o.amount, 5),
        amount_at_most_500: least(o.amount, 499.99),
        big_order: isIn(o.amount, [100, 250.5]),
        placed_at: least(o.event_time, addDuration(o.event_time, '1 h')),
        order_ref: nullif(o.order_id, ''),
      }),
    }),
};
