import { clicks } from '../../jobs/sources.js';
import type { Job } from '../../sql/dsl/job-kinds.js';
import type { Window, WindowTime } from '../../sql/dsl/windows.js';
import {
  addDuration, and, count, cumulate, dedupe, eventFeatures, firstRowPer, hop, intervalJoin, job, join, latestRowPer, max, pattern, secondsBetween, session, sum,
  temporalJoin, trailing, trailingRows, tumble, withDataLakeCopy, zScore,
} from '../../sql/index.js';

/**
 * Every job kind that takes keys, with one key and with several where the kind takes several: the space the
 * planner property test explains (test/integration/flink-explain-keys.test.ts). Enumerated, not sampled: it is
 * small enough to check whole, and a refusal names the one combination that failed.
 */
export interface KeyedJob {
  readonly name: string;
  readonly job: () => Job;
  /** Set for a combination the DSL refuses on purpose: its error message. */
  readonly refused?: RegExp;
}

/** No key (the whole stream per window), one, two and three keys; the third is nullable (a NULL key is a key of its own to Flink). */
export const KEY_SETS = [[], ['user_id'], ['user_id', 'url'], ['user_id', 'url', 'referrer']] as const;
type KeyColumn = (typeof KEY_SETS)[number][number];

const WINDOW_KINDS = {
  tumble: (time: WindowTime): Window => tumble('1 min', { time }),
  hop: (time: WindowTime): Window => hop({ size: '2 min', slide: '1 min' }, { time }),
  session: (time: WindowTime): Window => session({ gap: '10 min' }, { time }),
  cumulate: (time: WindowTime): Window => cumulate({ step: '1 min', maxSize: '10 min' }, { time }),
} as const;

const TIMES: readonly WindowTime[] = ['event', 'processing'];

/** What a windowed job adds to its aggregation; each variant is one construct, on its own. */
export const WINDOWED_VARIANTS = ['plain', 'where', 'top', 'top-then-by-keys', 'top-ties-rank', 'trailing', 'data-lake-copy'] as const;
type WindowedVariant = (typeof WINDOWED_VARIANTS)[number];

/** Combinations the DSL refuses on purpose, with a JobDefinitionError naming the reason. */
function refusedByTheDsl(windowKind: keyof typeof WINDOW_KINDS, time: WindowTime, variant: WindowedVariant): RegExp | undefined {
  // A cumulating window emits a row per step of each window, which a trailing window would count as rows.
  if (windowKind === 'cumulate' && variant === 'trailing') return /^trailing: cumulate\(.*\) windows emit a row per step/;
  // Flink 1.19 has no processing-time window Top-N (nor window join, which ties kept by rank use).
  if (time === 'processing' && variant.startsWith('top')) return /^top: Flink 1\.19 ranks the rows of event-time windows only/;
  return undefined;
}

function windowedJob(keys: readonly KeyColumn[], window: Window, time: WindowTime, variant: WindowedVariant): Job {
  const base = { from: clicks, keys, window, aggregations: (c: typeof clicks.row) => [count().as('clicks'), sum(c.price).as('revenue')] } as const;
  switch (variant) {
    case 'plain':
      return job(base);
    case 'where':
      return job({ ...base, where: (c) => and(c.event_type.eq('view'), c.price.isNotNull()) });
    case 'top':
      return job({ ...base, top: { n: 3, by: 'clicks' } });
    case 'top-then-by-keys':
      return job({ ...base, top: { n: 3, by: 'clicks', thenBy: [['revenue', 'desc'], ...keys] } });
    case 'top-ties-rank':
      return job({ ...base, top: { n: 3, by: 'revenue', order: 'asc', thenBy: keys.length === 0 ? ['clicks'] : [keys[keys.length - 1] ?? 'clicks'], ties: 'rank' } });
    case 'trailing': {
      const over = time === 'event' ? trailing('1 h') : trailingRows(10, { time: 'processing' });
      return job({ ...base, trailing: { window: over, features: (row) => [zScore(row.clicks), max(row.revenue)] } });
    }
    case 'data-lake-copy':
      return withDataLakeCopy(job(base), { folder: `keys-${String(keys.length)}`, partitionBy: { column: 'window_start', every: 'hour' } });
    default:
      return variant satisfies never;
  }
}

function windowedJobs(): KeyedJob[] {
  const jobs: KeyedJob[] = [];
  for (const keys of KEY_SETS) {
    for (const [windowKind, windowOf] of Object.entries(WINDOW_KINDS) as [keyof typeof WINDOW_KINDS, (time: WindowTime) => Window][]) {
      for (const time of TIMES) {
        for (const variant of WINDOWED_VARIANTS) {
          const refused = refusedByTheDsl(windowKind, time, variant);
          jobs.push({
            name: `window-${windowKind}-${time}-${variant}-${String(keys.length)}-keys`,
            job: () => windowedJob(keys, windowOf(time), time, variant),
            ...(refused === undefined ? {} : { refused }),
          });
        }
      }
    }
  }
  return jobs;
}

/** Kinds whose partition or key is one column by type (eventFeatures, pattern, joins, first/latest row per key): each with several columns in turn. */
function singleKeyJobs(): KeyedJob[] {
  const jobs: KeyedJob[] = [];
  for (const column of ['user_id', 'session_id', 'referrer'] as const) {
    jobs.push(
      { name: `event-features-${column}`, job: () => eventFeatures({ from: clicks, partitionBy: column, select: (c) => ({ event_id: c.event_id, price: c.price }) }) },
      {
        name: `event-features-trailing-range-${column}`,
        job: () => eventFeatures({ from: clicks, partitionBy: column, select: (c) => ({ event_id: c.event_id }), trailing: { window: trailing('1 h'), features: (c) => [count(), zScore(c.price)] } }),
      },
      {
        name: `event-features-trailing-rows-processing-${column}`,
        job: () =>
          eventFeatures({ from: clicks, partitionBy: column, select: (c) => ({ event_id: c.event_id }), trailing: { window: trailingRows(20, { time: 'processing' }), features: (c) => [sum(c.price)] } }),
      },
      {
        name: `event-features-data-lake-copy-${column}`,
        job: () => withDataLakeCopy(eventFeatures({ from: clicks, partitionBy: column, select: (c) => ({ event_id: c.event_id, at: c.event_time }) }), { folder: 'events', partitionBy: { column: 'at', every: 'day' } }),
      },
    );
    for (const time of TIMES) {
      jobs.push({
        name: `pattern-${time}-${column}`,
        job: () =>
          pattern({
            from: clicks,
            partitionBy: column,
            define: { carted: (c) => c.event_type.eq('add_to_cart'), bought: (c, { carted }) => and(c.event_type.eq('purchase'), c.event_time.le(addDuration(carted.event_time, '1 h'))) },
            sequence: ['carted', 'bought'],
            within: '1 h',
            measures: ({ carted, bought }) => ({ cart_url: carted.url, bought_at: bought.event_time }),
            time,
          }),
      });
    }
  }
  for (const column of ['user_id', 'session_id'] as const) {
    jobs.push(
      {
        name: `interval-join-${column}`,
        job: () =>
          intervalJoin({
            left: { from: clicks, as: 'viewed', where: (c) => c.event_type.eq('view') },
            right: { from: clicks, as: 'bought', where: (c) => c.event_type.eq('purchase') },
            key: [column, column],
            within: { after: '30 min' },
            select: ({ viewed, bought }) => ({ user_id: viewed.user_id, viewed_url: viewed.url, bought_at: bought.event_time }),
            partitionBy: 'user_id',
          }),
      },
      {
        name: `join-first-row-per-${column}`,
        job: () =>
          join({
            left: { from: clicks, as: 'click' },
            right: { from: firstRowPer({ name: `first_per_${column}`, from: clicks, key: column }), as: 'first' },
            key: [column, column],
            stateTtl: '1 d',
            select: ({ click, first }) => ({ user_id: click.user_id, first_url: first.url, since_first: secondsBetween(first.event_time, click.event_time) }),
            partitionBy: 'user_id',
          }),
      },
      {
        name: `temporal-join-latest-row-per-${column}`,
        job: () =>
          temporalJoin({
            stream: { from: clicks, as: 'click' },
            versions: { from: latestRowPer({ name: `latest_per_${column}`, from: clicks, key: column, where: (c) => c.event_type.eq('purchase') }), as: 'purchase' },
            key: column,
            stateTtl: '7 d',
            select: ({ click, purchase }) => ({ user_id: click.user_id, last_price: purchase.price }),
            partitionBy: 'user_id',
          }),
      },
    );
  }
  return jobs;
}

/** dedupe takes a list of key columns: one, two and three. */
function dedupeJobs(): KeyedJob[] {
  const keySets = [['event_id'], ['event_id', 'user_id'], ['event_id', 'user_id', 'referrer']] as const;
  return keySets.map((key) => ({ name: `dedupe-${String(key.length)}-keys`, job: () => dedupe({ from: clicks, key, stateTtl: '1 h', sinkStream: 'deduped' }) }));
}

/** The whole space, in a fixed order, the combinations the DSL refuses included (marked `refused`). */
export function keyedJobs(): readonly KeyedJob[] {
  return [...windowedJobs(), ...dedupeJobs(), ...singleKeyJobs()];
}
