import { intervalNode } from '../ast/interval-node.js';
import type { OverFrame } from '../ast/over-node.js';
import { JobDefinitionError, WindowError } from '../errors.js';
import { t, type ColumnType } from '../schema/column-types.js';
import { parseDuration, type Duration, type DurationSuffix } from '../schema/duration.js';
import type { Aggregation } from './aggregates.js';
import type { ColumnExpr } from './source.js';
import type { WindowTime } from './windows.js';

/** A window trailing each event: every row gets aggregates over its key's recent past (and itself). */
export interface TrailingWindow<Suffix extends string = string> {
  readonly kind: 'trailing';
  readonly frame: OverFrame;
  /**
   * `event` (default): ordered by event time; a row leaves only when the watermark passes it, so the
   * source's watermark delay adds to latency. `processing`: ordered by arrival; rows leave at once,
   * for low-latency features where arrival order is good enough.
   */
  readonly time: WindowTime;
  readonly suffix: Suffix;
  readonly description: string;
}

/**
 * The key's events of the last `range`, up to and including the current one. Example:
 * `trailing('1 h')` prints `RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW`; features end in `_1h`.
 */
export function trailing<const D extends Duration>(range: D, options: { readonly time?: WindowTime } = {}): TrailingWindow<DurationSuffix<D>> {
  const parsed = parseDuration(range, 'trailing range');
  return Object.freeze({
    kind: 'trailing',
    time: options.time ?? 'event',
    frame: { unit: 'RANGE' as const, preceding: intervalNode(parsed.amount, parsed.unit) },
    suffix: parsed.suffix as DurationSuffix<D>,
    description: `trailing(${range})`,
  });
}

/**
 * The key's last `rows` events before the current one, plus the current one; features end in
 * `_<rows>rows`. For "the user's last 10 clicks" however far apart in time they are.
 * @example
 * trailing: { window: trailingRows(10), features: (c) => [avg(c.price)] },
 * // prints AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) AS `price_avg_10rows`
 */
export function trailingRows<const N extends number>(rows: N, options: { readonly time?: WindowTime } = {}): TrailingWindow<`${N}rows`> {
  if (!Number.isInteger(rows) || rows < 1) throw new WindowError(`trailingRows: ${rows} must be a whole number of rows, at least 1`);
  return Object.freeze({
    kind: 'trailing',
    time: options.time ?? 'event',
    frame: { unit: 'ROWS' as const, preceding: rows },
    suffix: `${rows}rows`,
    description: `trailingRows(${rows})`,
  });
}

/**
 * How unusual a value is against its key's trailing window: (x - mean) / standard deviation, NULL
 * when the window has no spread yet. Example: `zScore(c.price)` in a `trailing('1 h')` job is the
 * feature `price_zscore_1h`. A plain-SQL anomaly score: compare it with a threshold downstream.
 */
export interface ZScore<Name extends string = string> {
  readonly kind: 'zscore';
  readonly name: Name;
  readonly column: ColumnExpr<string, unknown, 'numeric'>;
}

/**
 * The z-score of a numeric column in its key's trailing window, feature `<x>_zscore_<window>` (see
 * `ZScore`). A spread under a millionth of the mean counts as none: Flink's STDDEV_POP leaves a
 * rounding residue, not 0, for identical values. Printed, with `w` for the job's OVER window:
 * @example
 * trailing: { window: trailing('1 h'), features: (c) => [zScore(c.price)] },
 * // prints CASE WHEN STDDEV_POP(CAST(`price` AS DOUBLE)) OVER w > (0.000001 * ABS(AVG(CAST(`price` AS DOUBLE)) OVER w)) THEN ((CAST(`price` AS DOUBLE) - AVG(CAST(`price` AS DOUBLE)) OVER w) / STDDEV_POP(CAST(`price` AS DOUBLE)) OVER w) END AS `price_zscore_1h`
 * // w: (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)
 */
export function zScore<N extends string>(column: ColumnExpr<N, unknown, 'numeric'>): ZScore<`${N}_zscore`> {
  return Object.freeze({ kind: 'zscore', name: `${column.columnName}_zscore`, column });
}

/** What a trailing window computes per event: aggregates (no FILTER) and anomaly scores. */
export type TrailingFeature = Aggregation | ZScore;

type TrailingName<F, Suffix extends string> =
  F extends Aggregation<infer N, unknown, infer Explicit> ? (Explicit extends true ? N : `${N}_${Suffix}`) : F extends ZScore<infer N> ? `${N}_${Suffix}` : never;
type TrailingValue<F> = F extends Aggregation<string, infer T> ? T : F extends ZScore ? number | null : never;

/** The output columns trailing features add, by name: `price_zscore_1h: number | null`, ... */
export type TrailingColumns<F extends readonly TrailingFeature[], Suffix extends string> = {
  readonly [X in F[number] as TrailingName<X, Suffix>]: TrailingValue<X>;
};

/** The same at run time: each feature's output name (the window suffix appended unless renamed) and type. */
export function trailingColumns(features: readonly TrailingFeature[], suffix: string): (readonly [string, ColumnType<unknown>])[] {
  return features.map((feature) =>
    feature.kind === 'zscore'
      ? ([`${feature.name}_${suffix}`, t.nullable(t.double())] as const)
      : ([feature.explicit ? feature.name : `${feature.name}_${suffix}`, feature.type] as const),
  );
}

/** Flink's OVER aggregates take no FILTER clause, and the runner's aggregates cannot retract values. */
export function checkTrailingFeatures(features: readonly TrailingFeature[]): void {
  for (const feature of features) {
    if (feature.kind === 'aggregation' && feature.node.kind === 'FunctionCallNode' && feature.node.filter !== undefined) {
      throw new JobDefinitionError(`trailing feature '${feature.name}': filtered aggregates (.where) are not supported over trailing windows`);
    }
    if (feature.kind === 'aggregation' && feature.node.kind === 'FunctionCallNode' && feature.node.udf) {
      throw new JobDefinitionError(`trailing feature '${feature.name}': ${feature.node.name} works over windows only; a trailing window must take values back out, which it cannot`);
    }
  }
}
