import { ColumnError, JobDefinitionError } from '../errors.js';
import { t, type ColumnType, type ValueOf } from '../schema/column-types.js';
import type { Aggregation } from './aggregates.js';
import type { Expr } from './expression.js';
import type { Columns, RowOf, Source } from './source.js';
import type { Window } from './windows.js';

import { checkUniqueColumns, DEFAULT_SINK_STREAM, scalingOf, type JobCommon, type ScalingSpec, type Simplify } from './job-common.js';

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

export type WindowedRow<Cols extends Columns, K extends keyof Cols, Suffix extends string, A extends readonly Aggregation[], Ranked extends boolean = false> = Simplify<
  { readonly [P in K]: ValueOf<Cols[P]> } & WindowColumns & { readonly [F in keyof FeatureColumns<A, Suffix>]: FeatureColumns<A, Suffix>[F] } & (Ranked extends true
      ? { readonly rank: number }
      : unknown)
>;

/** Keep only the best `n` rows of each window, ranked by one of the job's own features. */
export interface TopSpec<Feature extends string> {
  readonly n: number;
  readonly by: Feature;
  /** `desc` (default): the largest values first. */
  readonly order?: 'asc' | 'desc';
}

export interface WindowedAggregationSpec<Cols extends Columns, K extends keyof Cols & string, Suffix extends string, A extends readonly Aggregation[]> {
  readonly from: Source<Cols>;
  /** Rows to keep before aggregating. Example: `(c) => c.event_type.eq('purchase')`. */
  readonly where?: (row: RowOf<Source<Cols>['columns']>) => Expr<boolean | null, 'boolean'>;
  /** Group-by columns, e.g. `['user_id']`; the first is also the Kinesis partition key of the output. */
  readonly keys: readonly [K, ...K[]];
  readonly window: Window<Suffix>;
  /** Example: `(c) => [count(), sum(c.price), max(c.price)]`. */
  readonly aggregations: (row: RowOf<Source<Cols>['columns']>) => A;
  /**
   * Window Top-N: per window, only the `n` rows with the highest (or lowest) `by` feature, with
   * their `rank` (1 = best). Example: top pages per 5 minutes: `top: { n: 10, by: 'event_count_5m' }`.
   */
  readonly top?: TopSpec<FeatureName<A[number], Suffix>>;
  /** Output stream (logical name); default `features`. */
  readonly sinkStream?: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

/** A windowed aggregation job. `Row` is type-only: `type Out = typeof v1.Row`. */
export interface WindowedAggregationJob<Row = unknown> extends JobCommon<Row> {
  readonly jobType: 'windowed-aggregation';
  readonly keys: readonly string[];
  readonly window: Window;
  readonly where?: Expr<boolean | null, 'boolean'>;
  readonly aggregations: readonly Aggregation[];
  readonly top?: { readonly n: number; readonly by: string; readonly descending: boolean };
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
 */
export function job<const Cols extends Columns, const K extends keyof Cols & string, Suffix extends string, const A extends readonly Aggregation[]>(
  spec: WindowedAggregationSpec<Cols, K, Suffix, A> & { readonly top?: undefined },
): WindowedAggregationJob<WindowedRow<Cols, K, Suffix, A>>;
export function job<const Cols extends Columns, const K extends keyof Cols & string, Suffix extends string, const A extends readonly Aggregation[]>(
  spec: WindowedAggregationSpec<Cols, K, Suffix, A> & { readonly top: TopSpec<FeatureName<A[number], Suffix>> },
): WindowedAggregationJob<WindowedRow<Cols, K, Suffix, A, true>>;
export function job<const Cols extends Columns, const K extends keyof Cols & string, Suffix extends string, const A extends readonly Aggregation[]>(
  spec: WindowedAggregationSpec<Cols, K, Suffix, A>,
): WindowedAggregationJob<WindowedRow<Cols, K, Suffix, A, boolean>> {
  const row = spec.from.row;
  const aggregations = spec.aggregations(row);
  if (aggregations.length === 0) throw new JobDefinitionError('a job needs at least one aggregation');
  const outputColumns: [string, ColumnType<unknown>][] = [];
  for (const key of spec.keys) {
    const type = spec.from.columns[key];
    if (type === undefined) throw new ColumnError(`key '${key}' is not a column of source '${spec.from.name}'`);
    outputColumns.push([key, type]);
  }
  outputColumns.push(['feature_set', t.string()], ['window_start', t.timestamp(3)], ['window_end', t.timestamp(3)]);
  for (const aggregation of aggregations) {
    outputColumns.push([aggregation.explicit ? aggregation.name : `${aggregation.name}_${spec.window.suffix}`, aggregation.type]);
  }
  const { top } = spec;
  if (top !== undefined) {
    if (!Number.isInteger(top.n) || top.n < 1) throw new JobDefinitionError(`top.n must be a whole number of at least 1, got ${top.n}`);
    if (!outputColumns.some(([name]) => name === top.by)) throw new ColumnError(`top.by '${top.by}' is not a feature of this job`);
    outputColumns.push(['rank', t.bigint()]);
  }
  checkUniqueColumns(outputColumns);
  return Object.freeze({
    kind: 'job',
    jobType: 'windowed-aggregation',
    source: spec.from,
    keys: [...spec.keys],
    partitionKey: [spec.keys[0]],
    window: spec.window,
    ...(spec.where === undefined ? {} : { where: spec.where(row) }),
    aggregations,
    ...(top === undefined ? {} : { top: { n: top.n, by: top.by, descending: top.order !== 'asc' } }),
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as WindowedRow<Cols, K, Suffix, A, boolean>,
  });
}
