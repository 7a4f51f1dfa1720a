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
  'data-lake-copy-hourly': () =>
    withDataLakeCopy(
      eventFeatures({ from: clicks, partitionBy: 'user_id', select: (c) => ({ event_id: c.event_id, url: c.url, at: c.event_time }) }),
      { folder: 'clicks/by-hour', partitionBy: { column: 'at', every: 'hour' } },
    ),
};
