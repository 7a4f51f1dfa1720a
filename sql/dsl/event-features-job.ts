import { JobDefinitionError } from '../errors.js';
import { t, type ColumnType, type ValueOf } from '../schema/column-types.js';
import type { Aggregation } from './aggregates.js';
import type { Expr } from './expression.js';
import { checkUniqueColumns, DEFAULT_SINK_STREAM, type JobCommon, type Simplify } from './job-common.js';
import type { Columns, RowOf, Source } from './source.js';
import type { TrailingFeature, TrailingWindow, ZScore } from './trailing.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type AnyExpr = Expr<any>;
type Selections = Readonly<Record<string, AnyExpr>>;

type TrailingName<F, Suffix extends string> =
  F extends Aggregation<infer N, unknown, infer Explicit> ? (Explicit extends true ? N : `${N}_${Suffix}`) : F extends ZScore<infer N> ? `${N}_${Suffix}` : never;
type TrailingValue<F> = F extends Aggregation<string, infer T> ? T : F extends ZScore ? number | null : never;
type TrailingColumns<F extends readonly TrailingFeature[], Suffix extends string> = {
  readonly [X in F[number] as TrailingName<X, Suffix>]: TrailingValue<X>;
};

export type EventRow<Cols extends Columns, K extends keyof Cols, S extends Selections, Suffix extends string, F extends readonly TrailingFeature[]> = Simplify<
  { readonly [P in K]: ValueOf<Cols[P]> } & { readonly feature_set: string } & {
    readonly [P in keyof S]: S[P] extends Expr<infer T> ? T : never;
  } & TrailingColumns<F, Suffix>
>;

export interface EventFeaturesSpec<
  Cols extends Columns,
  K extends keyof Cols & string,
  S extends Selections,
  Suffix extends string,
  F extends readonly TrailingFeature[],
> {
  readonly from: Source<Cols>;
  /** The entity column: the trailing window's partition and the output's Kinesis partition key. */
  readonly partitionBy: K;
  readonly where?: (row: RowOf<Source<Cols>['columns']>) => Expr<boolean | null, 'boolean'>;
  /** Per-event columns by output name. Example: `(c) => ({ event_id: c.event_id, hour: hourOfDay(c.event_time, 'UTC') })`. */
  readonly select: (row: RowOf<Source<Cols>['columns']>) => S;
  /** Aggregates and anomaly scores over each event's trailing window, e.g. the last hour of its user. */
  readonly trailing?: { readonly window: TrailingWindow<Suffix>; readonly features: (row: RowOf<Source<Cols>['columns']>) => F };
  readonly sinkStream?: string;
  readonly description?: string;
}

export interface EventFeaturesJob<Row = unknown> extends JobCommon<Row> {
  readonly jobType: 'event-features';
  readonly where?: Expr<boolean | null, 'boolean'>;
  readonly selections: readonly (readonly [string, AnyExpr])[];
  readonly trailing?: { readonly window: TrailingWindow; readonly features: readonly TrailingFeature[] };
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
 */
export function eventFeatures<
  const Cols extends Columns,
  const K extends keyof Cols & string,
  const S extends Selections,
  Suffix extends string = never,
  const F extends readonly TrailingFeature[] = [],
>(spec: EventFeaturesSpec<Cols, K, S, Suffix, F>): EventFeaturesJob<EventRow<Cols, K, S, Suffix, F>> {
  const row = spec.from.row;
  const partitionType = spec.from.columns[spec.partitionBy] as ColumnType<unknown> | undefined;
  if (partitionType === undefined) throw new JobDefinitionError(`partitionBy '${spec.partitionBy}' is not a column of source '${spec.from.name}'`);
  const selections = Object.entries(spec.select(row));
  const features = spec.trailing?.features(row) ?? [];
  for (const feature of features) {
    if (feature.kind === 'aggregation' && feature.node.kind === 'FunctionCallNode' && feature.node.filter !== undefined) {
      throw new JobDefinitionError(`trailing feature '${feature.name}': filtered aggregates (.where) are not supported over trailing windows`);
    }
  }
  const suffix = spec.trailing?.window.suffix ?? '';
  const outputColumns: (readonly [string, ColumnType<unknown>])[] = [
    [spec.partitionBy, partitionType],
    ['feature_set', t.string()],
    ...selections.map(([name, expression]) => [name, expression.type as ColumnType<unknown>] as const),
    ...features.map((feature) =>
      feature.kind === 'zscore'
        ? ([`${feature.name}_${suffix}`, t.nullable(t.double())] as const)
        : ([feature.explicit ? feature.name : `${feature.name}_${suffix}`, feature.type] as const),
    ),
  ];
  checkUniqueColumns(outputColumns);
  return Object.freeze({
    kind: 'job',
    jobType: 'event-features',
    source: spec.from,
    partitionKey: [spec.partitionBy],
    ...(spec.where === undefined ? {} : { where: spec.where(row) }),
    selections,
    ...(spec.trailing === undefined ? {} : { trailing: { window: spec.trailing.window, features } }),
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    outputColumns,
    Row: undefined as unknown as EventRow<Cols, K, S, Suffix, F>,
  });
}
