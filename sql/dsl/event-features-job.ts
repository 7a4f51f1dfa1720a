import { JobDefinitionError } from '../errors.js';
import { t, type ColumnType, type ValueOf } from '../schema/column-types.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import type { Expr } from './expression.js';
import { checkUniqueColumns, DEFAULT_SINK_STREAM, scalingOf, type SingleSourceJob, type ScalingSpec, type Simplify } from './job-common.js';
import { lookedUpRows, type LookedUpRows, type Lookup, type Lookups } from './lookup.js';
import type { RandomCutForest } from './random-cut-forest.js';
import { rowOf, type Columns, type RowOf, type Source } from './source.js';
import { checkTrailingFeatures, trailingColumns, type TrailingColumns, type TrailingFeature, type TrailingWindow } from './trailing.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type AnyExpr = Expr<any>;
type Selections = Readonly<Record<string, AnyExpr>>;

export type EventRow<
  Cols extends Columns,
  K extends keyof Cols,
  S extends Selections,
  Suffix extends string,
  F extends readonly TrailingFeature[],
  Score extends string = never,
> = Simplify<
  { readonly [P in K]: ValueOf<Cols[P]> } & { readonly feature_set: string } & {
    readonly [P in keyof S]: S[P] extends Expr<infer T> ? T : never;
  } & TrailingColumns<F, Suffix> & { readonly [P in Score]: number | null }
>;

export interface EventFeaturesSpec<
  Cols extends Columns,
  K extends keyof Cols & string,
  S extends Selections,
  Suffix extends string,
  F extends readonly TrailingFeature[],
  L extends Lookups,
  Score extends string,
> {
  readonly from: Source<Cols>;
  /** The entity column: the trailing window's partition and the output's Kinesis partition key. */
  readonly partitionBy: K;
  /**
   * Reference data per event, by alias: `(c) => ({ area: lookup(zipCodes, c.zip) })`. The other
   * callbacks get the looked-up rows as their second argument (`(c, { area }) => area.city`).
   */
  readonly lookups?: (row: RowOf<Source<Cols>['columns']>) => L;
  readonly where?: (row: RowOf<Source<Cols>['columns']>, lookedUp: LookedUpRows<L>) => Expr<boolean | null, 'boolean'>;
  /** Per-event columns by output name. Example: `(c) => ({ event_id: c.event_id, hour: hourOfDay(c.event_time, 'UTC') })`. */
  readonly select: (row: RowOf<Source<Cols>['columns']>, lookedUp: LookedUpRows<L>) => S;
  /** Aggregates and anomaly scores over each event's trailing window, e.g. the last hour of its user. */
  readonly trailing?: { readonly window: TrailingWindow<Suffix>; readonly features: (row: RowOf<Source<Cols>['columns']>) => F };
  /**
   * A Random Cut Forest score of each event against its entity's history (`randomCutForest([...])`).
   * Not together with `trailing`: Flink computes every OVER aggregate of a query on one window.
   */
  readonly anomalyScore?: (row: RowOf<Source<Cols>['columns']>, lookedUp: LookedUpRows<L>) => RandomCutForest<Score>;
  /** How long an idle entity's state is kept. Required with `anomalyScore`, whose state never ends otherwise. */
  readonly stateTtl?: Duration;
  readonly sinkStream?: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

export interface EventFeaturesJob<Row = unknown> extends SingleSourceJob<Row> {
  readonly jobType: 'event-features';
  readonly where?: Expr<boolean | null, 'boolean'>;
  readonly selections: readonly (readonly [string, AnyExpr])[];
  readonly trailing?: { readonly window: TrailingWindow; readonly features: readonly TrailingFeature[] };
  /** By alias; when there are any, every column reference is qualified (source columns by the source name). */
  readonly lookups: readonly (readonly [string, Lookup])[];
  readonly anomalyScore?: RandomCutForest;
  readonly stateTtl?: ParsedDuration;
}

/**
 * One output row per input event: chosen columns, derived values (time of day, ...) and aggregates
 * over the event's trailing window. The row keeps the event's identity, so each event gets exactly
 * one prediction downstream.
 *
 * ```ts
 * export const v1 = eventFeatures({
 *   from: clicks,
 *   partitionBy: 'user_id',
 *   select: (c) => ({ event_id: c.event_id, hour_of_day: hourOfDay(c.event_time, 'UTC') }),
 *   trailing: { window: trailing('1 h'), features: (c) => [count(), zScore(c.price)] },
 * });
 * // columns: user_id, feature_set, event_id, hour_of_day, event_count_1h, price_zscore_1h
 * ```
 * prints, in `jobs/user-activity.ts`, `` SELECT `user_id`, 'user-activity.v1' AS `feature_set`, `event_id`, HOUR(...) AS `hour_of_day`,
 * COUNT(*) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS `event_count_1h`,
 * CASE WHEN ... END AS `price_zscore_1h` FROM `clicks` ``: every trailing feature over the same OVER window.
 */
export function eventFeatures<
  const Cols extends Columns,
  const K extends keyof Cols & string,
  const S extends Selections,
  Suffix extends string = never,
  const F extends readonly TrailingFeature[] = [],
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- a job without lookups has no looked-up rows
  const L extends Lookups = Record<never, never>,
  const Score extends string = never,
>(spec: EventFeaturesSpec<Cols, K, S, Suffix, F, L, Score>): EventFeaturesJob<EventRow<Cols, K, S, Suffix, F, Score>> {
  const partitionType = spec.from.columns[spec.partitionBy] as ColumnType<unknown> | undefined;
  if (partitionType === undefined) throw new JobDefinitionError(`partitionBy '${spec.partitionBy}' is not a column of source '${spec.from.name}'`);
  // With lookups, a bare column name could mean the source's or a reference table's: qualify them all.
  const row = spec.lookups === undefined ? spec.from.row : rowOf(spec.from.columns, spec.from.name);
  const lookups = spec.lookups?.(row) ?? ({} as L);
  const lookedUp = lookedUpRows(lookups, [spec.from.name]);
  const selections = Object.entries(spec.select(row, lookedUp));
  const features = spec.trailing?.features(row) ?? [];
  checkTrailingFeatures(features);
  const anomalyScore = spec.anomalyScore?.(row, lookedUp);
  if (anomalyScore !== undefined && spec.trailing !== undefined) {
    throw new JobDefinitionError(
      'anomalyScore and trailing cannot share a job: Flink computes every OVER aggregate of a query on one window; put the score in a job of its own',
    );
  }
  if (anomalyScore !== undefined && spec.stateTtl === undefined) {
    throw new JobDefinitionError("anomalyScore keeps a model per entity forever unless the job has a stateTtl (e.g. stateTtl: '7 d')");
  }
  const suffix = spec.trailing?.window.suffix ?? '';
  const outputColumns: (readonly [string, ColumnType<unknown>])[] = [
    [spec.partitionBy, partitionType],
    ['feature_set', t.string()],
    ...selections.map(([name, expression]) => [name, expression.type as ColumnType<unknown>] as const),
    ...trailingColumns(features, suffix),
    ...(anomalyScore === undefined ? [] : [[anomalyScore.name, t.nullable(t.double())] as const]),
  ];
  checkUniqueColumns(outputColumns);
  return Object.freeze({
    kind: 'job',
    jobType: 'event-features',
    source: spec.from,
    partitionKey: [spec.partitionBy],
    ...(spec.where === undefined ? {} : { where: spec.where(row, lookedUp) }),
    selections,
    ...(spec.trailing === undefined ? {} : { trailing: { window: spec.trailing.window, features } }),
    lookups: Object.entries(lookups),
    ...(anomalyScore === undefined ? {} : { anomalyScore }),
    ...(spec.stateTtl === undefined ? {} : { stateTtl: parseDuration(spec.stateTtl, 'eventFeatures stateTtl') }),
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as EventRow<Cols, K, S, Suffix, F, Score>,
  });
}
