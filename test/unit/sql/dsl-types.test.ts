import { describe, expect, expectTypeOf, it } from 'vitest';
import { clicks, pageCategories, zipCodes } from '../../../jobs/sources.js';
import type { Output as ContextRow } from '../../../jobs/click-context.js';
import type { Output as AnomalyRow } from '../../../jobs/price-anomaly.js';
import type { Output as ActivityRow } from '../../../jobs/user-activity.js';
import type { Output as SessionRow } from '../../../jobs/user-sessions.js';
import type { Output as CartRow } from '../../../jobs/cart-abandonment.js';
import type { Output as ClickRateRow } from '../../../jobs/click-rate-anomaly.js';
import type { Output as ViewToPurchaseRow } from '../../../jobs/view-to-purchase.js';
import type { Expr } from '../../../sql/dsl/expression.js';
import type { Output as SessionLandingRow } from '../../../jobs/session-landing.js';
import type { Output as PurchaseRecencyRow } from '../../../jobs/purchase-recency.js';
import type { Output as UserAlertsRow } from '../../../jobs/user-alerts.js';
import {
  approxPercentile, avg, caseWhen, constant, withDataLakeCopy, unionAll, unionPart, firstRowPer, join, latestRowPer, secondsBetween, temporalJoin, cast, intervalJoin, coalesce, count, dedupe, eventFeatures, hop, hourOfDay, job, last, lookup, max, threshold, trailing, withRules, optional, pattern, randomCutForest, session, source, sum, t, trailingRows, tryCast, tumble, zScore,
} from '../../../sql/index.js';

/**
 * Compile-time contract of the DSL. `npm run typecheck` checks this file: each `@ts-expect-error`
 * fails the typecheck if the misuse below it ever compiles. The runtime assertions only exercise it.
 */
describe('DSL types', () => {
  it('derives the output row of a job from its source, keys, window and aggregations', () => {
    expectTypeOf<SessionRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly window_start: string;
      readonly window_end: string;
      readonly event_count_session: number;
      readonly url_count_distinct_session: number;
      readonly price_sum_session: number | null;
      readonly price_max_session: number | null;
      readonly viewed_price_p50_session: number | null;
      readonly session_first_event_at: string | null;
      readonly purchases_in_session: number;
    }>();
  });

  it('derives the per-event row of an eventFeatures job, trailing features included', () => {
    expectTypeOf<ActivityRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly event_id: string;
      readonly event_type: string;
      readonly url: string;
      readonly ip: string;
      readonly zip: string | null;
      readonly price: number | null;
      readonly event_time: string;
      readonly hour_of_day: number | null;
      readonly day_of_week: number | null;
      readonly event_count_1h: number;
      readonly url_count_distinct_1h: number;
      readonly price_avg_1h: number | null;
      readonly price_zscore_1h: number | null;
    }>();
    const rows = eventFeatures({
      from: clicks,
      partitionBy: 'session_id',
      select: (c) => ({ zip: coalesce(c.zip, 'unknown'), hour: hourOfDay(c.event_time, 'UTC') }),
      trailing: { window: trailingRows(20), features: (c) => [zScore(c.price), count().as('recent')] },
    });
    expectTypeOf(rows.Row).toEqualTypeOf<{
      readonly session_id: string;
      readonly feature_set: string;
      readonly zip: string;
      readonly hour: number | null;
      readonly price_zscore_20rows: number | null;
      readonly recent: number;
    }>();
  });

  it('adds the rank to a Top-N job and ranks only by its own features', () => {
    const top = job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_5m' } });
    expectTypeOf(top.Row).toHaveProperty('rank').toEqualTypeOf<number>();
    // Tie-breakers are the job's keys and features; naming one does not add it to the row.
    const tieBroken = job({
      from: clicks,
      keys: ['url'],
      window: tumble('5 min'),
      aggregations: (c) => [count(), sum(c.price)],
      top: { n: 3, by: 'event_count_5m', thenBy: [['price_sum_5m', 'desc'], 'url'], ties: 'rank' },
    });
    expectTypeOf(tieBroken.Row).toHaveProperty('rank').toEqualTypeOf<number>();
    expectTypeOf(tieBroken.Row).not.toHaveProperty('user_id');
    const plain = job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()] });
    expectTypeOf(plain.Row).not.toHaveProperty('rank');
  });

  it('types CASE and casts by their result', () => {
    const rows = eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (c) => ({ band: caseWhen([[c.price.ge(100), 'high']], 'low'), zip: tryCast(c.zip, 'INT'), flag: cast(c.ts, 'BOOLEAN') }),
    });
    expectTypeOf(rows.Row).toHaveProperty('band').toEqualTypeOf<string | null>();
    expectTypeOf(rows.Row).toHaveProperty('zip').toEqualTypeOf<number | null>();
    expectTypeOf(rows.Row).toHaveProperty('flag').toEqualTypeOf<boolean | null>();
  });

  it('passes a deduplicated source row through unchanged', () => {
    const deduped = dedupe({ from: clicks, key: ['event_id'], stateTtl: '1 h', sinkStream: 'clicks-deduped' });
    expectTypeOf(deduped.Row).toHaveProperty('price').toEqualTypeOf<number | null>();
    expectTypeOf(deduped.Row).not.toHaveProperty('event_time');
  });

  it('names features {input}_{op}_{window} and keeps explicit names as written', () => {
    const features = job({
      from: clicks,
      keys: ['url'],
      window: hop({ size: '5 min', slide: '1 min' }),
      aggregations: (c) => [avg(c.price), count().as('views')],
    });
    expectTypeOf(features.Row).toHaveProperty('price_avg_5m').toEqualTypeOf<number | null>();
    expectTypeOf(features.Row).toHaveProperty('views').toEqualTypeOf<number>();
  });

  it('types looked-up columns as nullable and anomaly scores as number | null', () => {
    // A click without a match keeps going with NULL reference columns, so even non-null columns become nullable.
    expectTypeOf<ContextRow['city']>().toEqualTypeOf<string | null>();
    expectTypeOf<ContextRow['is_checkout']>().toEqualTypeOf<boolean | null>();
    expectTypeOf<ContextRow['event_id']>().toEqualTypeOf<string>();
    expectTypeOf<AnomalyRow['price_anomaly_score']>().toEqualTypeOf<number | null>();
  });

  it('adds trailing features over a windowed job’s own rows, and rules over its output', () => {
    expectTypeOf<ClickRateRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly window_start: string;
      readonly window_end: string;
      readonly clicks: number;
      readonly clicks_avg_1d: number | null;
      readonly clicks_zscore_1d: number | null;
      // withRules: threshold rules over the job's own columns, never NULL.
      readonly unusual_rate: boolean;
      readonly rate_spike: boolean;
      readonly bot_rate: boolean;
    }>();
  });

  it('derives an interval join’s row from its selection, partition key first', () => {
    expectTypeOf<ViewToPurchaseRow>().toEqualTypeOf<{
      readonly session_id: string;
      readonly feature_set: string;
      readonly user_id: string;
      readonly viewed_event_id: string;
      readonly product_url: string;
      readonly product_price: number | null;
      readonly viewed_at: string;
      readonly purchase_event_id: string;
      readonly order_value: number | null;
      readonly bought_at: string;
    }>();
  });

  it('derives a regular join’s row from its selections, and a temporal join’s with the versioned side nullable', () => {
    expectTypeOf<SessionLandingRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly event_id: string;
      readonly session_id: string;
      readonly event_type: string;
      readonly landing_url: string;
      readonly landing_referrer: string | null;
      readonly seconds_since_landing: number;
    }>();
    expectTypeOf<PurchaseRecencyRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly event_id: string;
      readonly event_type: string;
      readonly last_purchase_event_id: string | null;
      readonly last_order_value: number | null;
      readonly seconds_since_purchase: number | null;
    }>();
  });

  it('derives a union’s row from its first part’s columns, nullable where any part’s is', () => {
    expectTypeOf<UserAlertsRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly alert: string | null;
      readonly detected_at: string | null;
      readonly detail: string | null;
    }>();
  });

  it('derives a pattern job’s row from its measures; columns of a variable that may match no row are nullable', () => {
    expectTypeOf<CartRow>().toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly product_url: string;
      readonly cart_price: number | null;
      readonly carted_at: string;
      readonly clicks_after_cart: number;
      // lingering is zeroOrMore: a match may have no such row.
      readonly left_from_url: string | null;
      readonly returned_at: string;
    }>();
    const optionalLanding = pattern({
      from: clicks,
      partitionBy: 'session_id',
      define: { landed: (c) => c.referrer.isNotNull(), bought: (c) => c.event_type.eq('purchase') },
      sequence: [optional('landed'), 'bought'],
      within: '1 h',
      measures: ({ landed, bought }) => ({ landed_on: landed.url, bought_at: bought.event_time }),
    });
    expectTypeOf<(typeof optionalLanding.Row)['landed_on']>().toEqualTypeOf<string | null>();
    expectTypeOf<(typeof optionalLanding.Row)['bought_at']>().toEqualTypeOf<string>();
    // The output schema says the same at run time.
    expect(Object.fromEntries(optionalLanding.outputColumns.map(([name, type]) => [name, type.nullable]))).toMatchObject({ landed_on: true, bought_at: false });
  });

  it('rejects misuse at compile time', () => {
    // Never called: these would also fail at run time. The typecheck is the test.
    const misuses = (): void => {
      job({
        from: clicks,
        // @ts-expect-error -- 'user' is not a column of clicks
        keys: ['user'],
        window: tumble('1 min'),
        aggregations: () => [count()],
      });
      job({
        from: clicks,
        keys: ['user_id'],
        window: tumble('1 min'),
        // @ts-expect-error -- sum() takes numeric columns only; url is a STRING
        aggregations: (c) => [sum(c.url)],
      });
      job({
        from: clicks,
        keys: ['user_id'],
        window: tumble('1 min'),
        // @ts-expect-error -- approxPercentile() takes numeric columns only; url is a STRING
        aggregations: (c) => [approxPercentile(c.url, 95)],
      });
      job({
        from: clicks,
        keys: ['user_id'],
        window: tumble('1 min'),
        // @ts-expect-error -- there is no column `prize`
        // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- the misuse under test
        aggregations: (c) => [max(c.prize)],
      });
      job({
        from: clicks,
        keys: ['user_id'],
        // @ts-expect-error -- 'mins' is not a duration unit (s, min, h, d and their long forms are)
        window: session({ gap: '30 mins' }),
        aggregations: () => [count()],
      });
      job({
        from: clicks,
        keys: ['user_id'],
        window: tumble('1 min'),
        // @ts-expect-error -- a filtered aggregate must be named with .as() before use
        aggregations: (c) => [count().where(c.event_type.eq('purchase'))],
      });
      job({
        from: clicks,
        keys: ['user_id'],
        // @ts-expect-error -- comparing a DOUBLE with a string
        where: (c) => c.price.gt('100'),
        window: tumble('1 min'),
        aggregations: () => [count()],
      });
      eventFeatures({
        from: clicks,
        partitionBy: 'user_id',
        select: (c) => ({ id: c.event_id }),
        // @ts-expect-error -- zScore() takes numeric columns only
        trailing: { window: trailingRows(5), features: (c) => [zScore(c.url)] },
      });
      // @ts-expect-error -- top.by must be one of the job's features (here: event_count_5m)
      job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_1m' } });
      // @ts-expect-error -- a tie-breaker must be a key or feature of the job: user_id is a column of the source, not a key
      job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_5m', thenBy: ['user_id'] } });
      // @ts-expect-error -- a misspelt key as tie-breaker
      job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_5m', thenBy: ['urls'] } });
      // @ts-expect-error -- a tie-breaker's order is 'asc' or 'desc'
      job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_5m', thenBy: [['url', 'down']] } });
      // @ts-expect-error -- ties are 'rowNumber' or 'rank'
      job({ from: clicks, keys: ['url'], window: tumble('5 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_5m', ties: 'dense' } });
      // @ts-expect-error -- CASE branches must share one type: 1 is not a string
      caseWhen([[clicks.row.price.ge(100), 'high'], [clicks.row.price.ge(10), 1]], 'low');
      // @ts-expect-error -- dedupe needs a stateTtl: without one its state grows with every key ever seen
      dedupe({ from: clicks, key: ['event_id'], sinkStream: 'clicks-deduped' });
      // @ts-expect-error -- event_time is computed by the compiler, not a column the events carry
      dedupe({ from: clicks, key: ['event_time'], stateTtl: '1 h', sinkStream: 'clicks-deduped' });
      eventFeatures({
        from: clicks,
        // @ts-expect-error -- partitionBy must be a column of the source
        partitionBy: 'customer',
        select: (c) => ({ id: c.event_id }),
      });
      source({
        name: 'orders',
        stream: 'orders',
        columns: { order_id: t.string(), placed_at: t.string() },
        // @ts-expect-error -- the event time must be a numeric column of epoch milliseconds
        eventTime: { column: 'placed_at', watermarkDelay: '5 s' },
      });
    };
    const trailingMisuses = (): void => {
      job({
        from: clicks,
        keys: ['user_id'],
        window: tumble('1 min'),
        aggregations: (c) => [count(), last(c.url)],
        // @ts-expect-error -- zScore() takes numeric columns only; url_last_1m is a STRING
        trailing: { window: trailing('1 h'), features: (minute) => [zScore(minute.url_last_1m)] },
      });
      job({
        from: clicks,
        keys: ['user_id'],
        window: tumble('1 min'),
        aggregations: () => [count()],
        // @ts-expect-error -- price is a column of the source, not of the job's window rows (user_id, event_count_1m)
        // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- the misuse under test
        trailing: { window: trailing('1 h'), features: (minute) => [avg(minute.price)] },
      });
    };
    const ruleMisuses = (): void => {
      const perMinute = job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: () => [count().as('clicks')] });
      // @ts-expect-error -- threshold() takes a numeric value; user_id is a STRING
      withRules(perMinute, (minute) => ({ odd: threshold(minute.user_id, { above: 3 }) }));
      // @ts-expect-error -- a data-lake copy's folders come from one of the job's output columns; ts is the source's
      withDataLakeCopy(perMinute, { folder: 'per-minute', partitionBy: { column: 'ts', every: 'day' } });
      // @ts-expect-error -- folders are split by day or hour
      withDataLakeCopy(perMinute, { folder: 'per-minute', partitionBy: { column: 'window_start', every: 'week' } });
      // @ts-expect-error -- rules read the job's output columns; price is not one of them
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- the misuse under test
      withRules(perMinute, (minute) => ({ odd: threshold(minute.price, { above: 3 }) }));
    };
    const joinMisuses = (): void => {
      const sides = { left: { from: clicks, as: 'viewed' }, right: { from: clicks, as: 'bought' } } as const;
      intervalJoin({
        ...sides,
        // @ts-expect-error -- the key columns must be of one category: session_id is a STRING, price a DOUBLE
        key: ['session_id', 'price'],
        within: { after: '30 min' },
        select: ({ viewed }) => ({ session_id: viewed.session_id }),
        partitionBy: 'session_id',
      });
      intervalJoin({
        ...sides,
        key: ['session_id', 'session_id'],
        within: { after: '30 min' },
        select: ({ viewed }) => ({ session_id: viewed.session_id }),
        // @ts-expect-error -- the partition key must be one of the selected columns
        partitionBy: 'user_id',
      });
      intervalJoin({
        ...sides,
        key: ['session_id', 'session_id'],
        within: { after: '30 min' },
        // @ts-expect-error -- 'carted' is not a side of this join (viewed, bought)
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- the misuse under test
        select: ({ carted }) => ({ session_id: carted.session_id }),
        partitionBy: 'session_id',
      });
    };
    const keyedJoinMisuses = (): void => {
      const landings = firstRowPer({ name: 'landings', from: clicks, key: 'session_id' });
      const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id' });
      // @ts-expect-error -- a regular join needs a stateTtl: it keeps both sides' rows to match later ones
      join({
        left: { from: clicks, as: 'click' },
        right: { from: landings, as: 'landing' },
        key: ['session_id', 'session_id'],
        select: ({ click }) => ({ user_id: click.user_id }),
        partitionBy: 'user_id',
      });
      temporalJoin({
        stream: { from: clicks, as: 'click' },
        versions: { from: latestPurchases, as: 'purchase' },
        // @ts-expect-error -- the stream's key column must be of the versioned table key's category: price is a DOUBLE, user_id a STRING
        key: 'price',
        stateTtl: '1 d',
        select: ({ click }) => ({ user_id: click.user_id }),
        partitionBy: 'user_id',
      });
      temporalJoin({
        stream: { from: clicks, as: 'click' },
        versions: { from: latestPurchases, as: 'purchase' },
        key: 'user_id',
        stateTtl: '1 d',
        // @ts-expect-error -- the versioned side may have no row yet, so its columns are nullable: secondsBetween then is number | null
        select: ({ click, purchase }): { user_id: Expr<string, 'string'>; since: Expr<number, 'numeric'> } => ({ user_id: click.user_id, since: secondsBetween(purchase.event_time, click.event_time) }),
        partitionBy: 'user_id',
      });
    };
    const unionMisuses = (): void => {
      const perMinute = job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: (c) => [count().as('clicks'), sum(c.price).as('spend')] });
      const first = unionPart(perMinute, { select: (m) => ({ user_id: m.user_id, value: m.clicks }) });
      unionAll({
        // @ts-expect-error -- every part selects the first part's columns: this one lacks value
        parts: [first, unionPart(perMinute, { select: (m) => ({ user_id: m.user_id }) })],
        partitionBy: 'user_id',
      });
      unionAll({
        // @ts-expect-error -- every part selects the first part's columns and no others: spend is not one
        parts: [first, unionPart(perMinute, { select: (m) => ({ user_id: m.user_id, value: m.clicks, spend: m.spend }) })],
        partitionBy: 'user_id',
      });
      unionAll({
        // @ts-expect-error -- a column keeps its category across parts: value is numeric in the first, a string here
        parts: [first, unionPart(perMinute, { select: (m) => ({ user_id: m.user_id, value: constant('many') }) })],
        partitionBy: 'user_id',
      });
      // @ts-expect-error -- the partition key is one of the parts' columns
      unionAll({ parts: [first, first], partitionBy: 'window_end' });
      // @ts-expect-error -- a union needs two parts or more
      unionAll({ parts: [first], partitionBy: 'user_id' });
    };
    const patternMisuses = (): void => {
      const define = { carted: (c: typeof clicks.row) => c.event_type.eq('add_to_cart'), left: (c: typeof clicks.row) => c.event_type.eq('exit') };
      pattern({
        from: clicks,
        partitionBy: 'user_id',
        define,
        // @ts-expect-error -- 'paid' has no condition in define
        sequence: ['carted', 'paid'],
        within: '1 h',
        measures: ({ carted }) => ({ at: carted.event_time }),
      });
      pattern({
        from: clicks,
        partitionBy: 'user_id',
        define,
        sequence: ['carted', 'left'],
        within: '1 h',
        // @ts-expect-error -- sum() takes numeric columns only; url is a STRING
        measures: ({ carted }) => ({ total: sum(carted.url) }),
      });
      pattern({
        from: clicks,
        partitionBy: 'user_id',
        define,
        sequence: ['carted', 'left'],
        within: '1 h',
        // @ts-expect-error -- 'bought' is not a variable of this pattern
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- the misuse under test
        measures: ({ bought }) => ({ at: bought.event_time }),
      });
      // @ts-expect-error -- a pattern needs `within`: partial matches would wait for ever
      pattern({ from: clicks, partitionBy: 'user_id', define, sequence: ['carted', 'left'], measures: ({ carted }) => ({ at: carted.event_time }) });
    };
    const lookupMisuses = (): void => {
      // @ts-expect-error -- zip_codes is keyed by a STRING zip; a DOUBLE price cannot be looked up in it
      lookup(zipCodes, clicks.row.price);
      eventFeatures({
        from: clicks,
        partitionBy: 'user_id',
        lookups: (c) => ({ page: lookup(pageCategories, c.url) }),
        // @ts-expect-error -- page_categories has no column `title`
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the misuse under test
        select: (c, { page }) => ({ id: c.event_id, title: page.title }),
      });
      eventFeatures({
        from: clicks,
        partitionBy: 'user_id',
        select: (c) => ({ id: c.event_id }),
        // @ts-expect-error -- randomCutForest takes numeric features; url is a STRING
        anomalyScore: (c) => randomCutForest([c.url]),
        stateTtl: '1 d',
      });
    };
    expectTypeOf(misuses).toBeFunction();
    expectTypeOf(lookupMisuses).toBeFunction();
    expectTypeOf(patternMisuses).toBeFunction();
    expectTypeOf(trailingMisuses).toBeFunction();
    expectTypeOf(ruleMisuses).toBeFunction();
    expectTypeOf(joinMisuses).toBeFunction();
    expectTypeOf(keyedJoinMisuses).toBeFunction();
    expectTypeOf(unionMisuses).toBeFunction();
  });
});
