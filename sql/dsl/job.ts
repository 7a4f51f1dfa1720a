import { ColumnError, JobDefinitionError } from '../errors.js';
import { t, type CategoryOf, type ColumnType, type ValueOf } from '../schema/column-types.js';
import type { Aggregation } from './aggregates.js';
import type { Expr } from './expression.js';
import { rowOf, type Columns, type RowOf, type Source } from './source.js';
import { checkTrailingFeatures, trailingColumns, type TrailingColumns, type TrailingFeature, type TrailingWindow } from './trailing.js';
import { windowTop, type TopSpec, type WindowTop } from './window-top.js';
import type { Window } from './windows.js';

import { checkUniqueColumns, DEFAULT_SINK_STREAM, scalingOf, type SingleSourceJob, type ScalingSpec, type Simplify } from './job-common.js';

/** The output column an aggregation becomes: its own name if renamed, else name + window suffix. */
export type FeatureName<A, Suffix extends string> =
  A extends Aggregation<infer N, unknown, infer Explicit> ? (Explicit extends true ? N : `${N}_${Suffix}`) : never;

type FeatureColumns<A extends readonly Aggregation[], Suffix extends string> = {
  [Agg in A[number] as FeatureName<Agg, Suffix>]: Agg extends Aggregation<string, infer T> ? T : never;
};

/** Columns every windowed job row carries besides its keys and features. */
export interface WindowColumns {
  /** The job's name, so one features stream can carry rows of many jobs. */
  readonly feature_set: string;
  /** Window bounds, UTC, ISO-8601 without zone (`2026-11-23T10:00:00`). */
  readonly window_start: string;
  readonly window_end: string;
}

export type WindowedRow<
  Cols extends Columns,
  K extends keyof Cols,
  Suffix extends string,
  A extends readonly Aggregation[],
  Ranked extends boolean = false,
  F extends readonly TrailingFeature[] = [],
  TrailingSuffix extends string = never,
> = Simplify<
  { readonly [P in K]: ValueOf<Cols[P]> } & WindowColumns & { readonly [F in keyof FeatureColumns<A, Suffix>]: FeatureColumns<A, Suffix>[F] } & (Ranked extends true
      ? { readonly rank: number }
      : unknown) &
    TrailingColumns<F, TrailingSuffix>
>;

/** A windowed job's rows as columns: its keys and its features, what a trailing window over them reads. */
export type AggregatedColumns<Cols extends Columns, K extends keyof Cols, Suffix extends string, A extends readonly Aggregation[]> = { readonly [P in K]: Cols[P] } & {
  readonly [Agg in A[number] as FeatureName<Agg, Suffix>]: Agg extends Aggregation<string, infer T> ? ColumnType<T, CategoryOf<T>> : never;
};

/**
 * Features of each window row against the same key's earlier rows: `trailing('1 d')` over per-minute
 * counts gives each minute a z-score against the user's day (`zScore(f.clicks)`). Rows exist only for
 * windows with events, so the statistics are over the windows in which the key was active.
 */
export interface WindowedTrailingSpec<Row, TrailingSuffix extends string, F extends readonly TrailingFeature[]> {
  readonly window: TrailingWindow<TrailingSuffix>;
  readonly features: (row: Row) => F;
}

export interface WindowedAggregationSpec<Cols extends Columns, K extends keyof Cols & string, Suffix extends string, A extends readonly Aggregation[]> {
  readonly from: Source<Cols>;
  /** Rows to keep before aggregating. Example: `(c) => c.event_type.eq('purchase')`. */
  readonly where?: (row: RowOf<Source<Cols>['columns']>) => Expr<boolean | null, 'boolean'>;
  /**
   * Group-by columns, e.g. `['user_id']`; the first is also the Kinesis partition key of the output. `[]`
   * aggregates the whole stream per window (one row per window, computed by one task, partitioned on
   * Kinesis by `feature_set`): e.g. site-wide clicks per minute.
   */
  readonly keys: readonly K[];
  readonly window: Window<Suffix>;
  /** Example: `(c) => [count(), sum(c.price), max(c.price)]`. */
  readonly aggregations: (row: RowOf<Source<Cols>['columns']>) => A;
  /**
   * Window Top-N: per window, only the `n` rows with the highest (or lowest) `by` feature, with
   * their `rank` (1 = best). Example: top pages per 5 minutes, pages with equal views by URL:
   * `top: { n: 10, by: 'event_count_5m', thenBy: ['url'] }` prints `` ROW_NUMBER() OVER (PARTITION BY `window_start`,
   * `window_end` ORDER BY `event_count_5m` DESC, `url`) AS `rank` `` and keeps `rank <= 10`. Without a tie-breaker,
   * rows with an equal `by` are ranked in an order Flink does not define, so which of them ranks first (and which is
   * kept for the last place) may differ from run to run; `ties: 'rank'` keeps them all (see {@link TopSpec}).
   */
  readonly top?: TopSpec<FeatureName<A[number], Suffix>, NoInfer<K>>;
  /**
   * Features of each window row against the same key's earlier rows, e.g. a z-score of this
   * minute's clicks against the user's day. Not together with `top`.
   */
  readonly trailing?: WindowedTrailingSpec<RowOf<AggregatedColumns<Cols, K, Suffix, A>>, string, readonly TrailingFeature[]>;
  /** Output stream (logical name); default `features`. */
  readonly sinkStream?: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

/** A windowed aggregation job. `Row` is type-only: `type Out = typeof v1.Row`. */
export interface WindowedAggregationJob<Row = unknown> extends SingleSourceJob<Row> {
  readonly jobType: 'windowed-aggregation';
  readonly keys: readonly string[];
  readonly window: Window;
  readonly where?: Expr<boolean | null, 'boolean'>;
  readonly aggregations: readonly Aggregation[];
  readonly top?: WindowTop;
  /** Over each key's window rows, ordered by `window_time`. */
  readonly trailing?: { readonly window: TrailingWindow; readonly features: readonly TrailingFeature[] };
}

/**
 * A windowed aggregation: group a source's rows by keys and window, compute features.
 *
 * ```ts
 * export const v1 = job({
 *   from: clicks,
 *   keys: ['user_id'],
 *   window: session({ gap: '30 min' }),
 *   aggregations: (c) => [count(), sum(c.price), max(c.price)],
 * });
 * export type Output = typeof v1.Row; // { user_id: string; feature_set: string; window_start: string; ...; price_sum_session: number | null; ... }
 * ```
 * prints, in `jobs/user-sessions.ts`, `` SELECT `user_id`, 'user-sessions.v1' AS `feature_set`, `window_start`, `window_end`,
 * COUNT(*) AS `event_count_session`, SUM(`price`) AS `price_sum_session`, MAX(`price`) AS `price_max_session` FROM
 * TABLE(SESSION(TABLE `clicks` PARTITION BY `user_id`, DESCRIPTOR(`event_time`), INTERVAL '30' MINUTE)) GROUP BY `user_id`, `window_start`, `window_end` ``.
 */
export function job<
  const Cols extends Columns,
  const K extends keyof Cols & string,
  Suffix extends string,
  const A extends readonly Aggregation[],
  TrailingSuffix extends string = never,
  const F extends readonly TrailingFeature[] = [],
>(
  spec: WindowedAggregationSpec<Cols, K, Suffix, A> & {
    readonly top?: undefined;
    readonly trailing?: WindowedTrailingSpec<RowOf<AggregatedColumns<Cols, K, Suffix, A>>, TrailingSuffix, F>;
  },
): WindowedAggregationJob<WindowedRow<Cols, K, Suffix, A, false, F, TrailingSuffix>>;
export function job<const Cols extends Columns, const K extends keyof Cols & string, Suffix extends string, const A extends readonly Aggregation[]>(
  spec: WindowedAggregationSpec<Cols, K, Suffix, A> & { readonly top: TopSpec<FeatureName<A[number], Suffix>, NoInfer<K>>; readonly trailing?: undefined },
): WindowedAggregationJob<WindowedRow<Cols, K, Suffix, A, true>>;
export function job<const Cols extends Columns, const K extends keyof Cols & string, Suffix extends string, const A extends readonly Aggregation[]>(
  spec: WindowedAggregationSpec<Cols, K, Suffix, A>,
): WindowedAggregationJob {
  const row = spec.from.row;
  const aggregations = spec.aggregations(row);
  if (aggregations.length === 0) throw new JobDefinitionError('a job needs at least one aggregation');
  const outputColumns: (readonly [string, ColumnType<unknown>])[] = [];
  for (const key of spec.keys) {
    const type = spec.from.columns[key];
    if (type === undefined) throw new ColumnError(`key '${key}' is not a column of source '${spec.from.name}'`);
    outputColumns.push([key, type]);
  }
  outputColumns.push(['feature_set', t.string()], ['window_start', t.timestamp(3)], ['window_end', t.timestamp(3)]);
  for (const aggregation of aggregations) {
    outputColumns.push([aggregation.explicit ? aggregation.name : `${aggregation.name}_${spec.window.suffix}`, aggregation.type]);
  }
  const features = outputColumns.slice(spec.keys.length + 3).map(([name]) => name);
  const top = spec.top === undefined ? undefined : windowTop(spec.top, spec.window, spec.keys, features);
  if (top !== undefined) outputColumns.push(['rank', t.bigint()]);
  const trailing = spec.trailing === undefined ? undefined : windowedTrailing(spec.trailing, outputColumns, spec.window, top !== undefined);
  if (trailing !== undefined) outputColumns.push(...trailingColumns(trailing.features, trailing.window.suffix));
  checkUniqueColumns(outputColumns);
  return Object.freeze({
    kind: 'job',
    jobType: 'windowed-aggregation',
    source: spec.from,
    keys: [...spec.keys],
    // Without keys every row is the stream's: any partition key does, and feature_set is in every row.
    partitionKey: [spec.keys[0] ?? 'feature_set'],
    window: spec.window,
    ...(spec.where === undefined ? {} : { where: spec.where(row) }),
    aggregations,
    ...(top === undefined ? {} : { top }),
    ...(trailing === undefined ? {} : { trailing }),
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as WindowedRow<Cols, K, Suffix, A, boolean, readonly TrailingFeature[], string>,
  });
}

/** The trailing features of a windowed job, computed over its key and feature columns, checked. */
function windowedTrailing(
  spec: WindowedTrailingSpec<never, string, readonly TrailingFeature[]>,
  windowColumns: readonly (readonly [string, ColumnType<unknown>])[],
  window: Window,
  ranked: boolean,
): NonNullable<WindowedAggregationJob['trailing']> {
  if (ranked) throw new JobDefinitionError('top and trailing cannot share a job: rank the rows in a job of their own');
  if (window.function === 'CUMULATE') {
    throw new JobDefinitionError(
      `trailing: ${window.description} windows emit a row per step of each window, which a trailing window would count as separate rows; use tumble, hop or session`,
    );
  }
  if (spec.window.time !== window.time) {
    throw new JobDefinitionError(
      `trailing: ${spec.window.description} follows ${spec.window.time} time but the job's ${window.description} windows follow ${window.time} time; the trailing window orders the job's rows by their window time, so both must follow the same`,
    );
  }
  const rowColumns = Object.fromEntries(windowColumns.filter(([name]) => !['feature_set', 'window_start', 'window_end'].includes(name)));
  const features = (spec.features as (row: RowOf<Columns>) => readonly TrailingFeature[])(rowOf(rowColumns));
  checkTrailingFeatures(features);
  return { window: spec.window, features };
}
