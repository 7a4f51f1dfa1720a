import { castNode } from '../ast/cast-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { t, type ColumnType, type TypeCategory } from '../schema/column-types.js';
import { columnTypeOf, numericTypeOf, sumType } from '../schema/numeric-types.js';
import type { Expr } from './expression.js';
import type { ColumnExpr } from './source.js';

/**
 * One aggregate column of a job. `Name` is the feature's base name (`price_sum`); unless `Explicit`,
 * the job appends its window suffix (`price_sum_1m`). `.as(name)` sets the full name instead.
 */
export interface Aggregation<Name extends string = string, T = unknown, Explicit extends boolean = boolean> {
  readonly kind: 'aggregation';
  readonly name: Name;
  readonly explicit: Explicit;
  readonly node: ExpressionNode;
  readonly type: ColumnType<T>;
  readonly __explicit?: Explicit;
  /** Renames the feature; the name is used as written, without a window suffix. */
  as<const N extends string>(name: N): Aggregation<N, T, true>;
  /** Aggregates only the rows where `condition` holds: `SUM(x) FILTER (WHERE condition)`. Rename it with `.as()`. */
  where(condition: Expr<boolean | null, 'boolean'>): NamedOnlyAggregation<T>;
}

/** A filtered aggregate, which must be named before use: it is not an Aggregation until `.as()`. */
export interface NamedOnlyAggregation<T> {
  as<const N extends string>(name: N): Aggregation<N, T, true>;
}

type AnyColumn<C extends TypeCategory> = ColumnExpr<string, unknown, C>;
type NumericColumn = AnyColumn<'numeric'>;
type OrderedColumn = AnyColumn<'numeric' | 'timestamp' | 'string' | 'date'>;

function aggregation<N extends string, T>(
  name: N,
  fn: string,
  args: readonly ExpressionNode[],
  type: ColumnType<T>,
  options: { distinct?: boolean; star?: boolean; filter?: ExpressionNode; udf?: boolean } = {},
  explicit = false,
): Aggregation<N, T, false> {
  const node = functionCallNode(fn, args, options);
  return Object.freeze({
    kind: 'aggregation',
    name,
    explicit: explicit as false,
    node,
    type,
    as: <const M extends string>(newName: M) => aggregation(newName, fn, args, type, options, true) as unknown as Aggregation<M, T, true>,
    where: (condition: Expr<boolean | null, 'boolean'>) => ({
      as: <const M extends string>(newName: M) =>
        aggregation(newName, fn, args, type, { ...options, filter: condition.node }, true) as unknown as Aggregation<M, T, true>,
    }),
  });
}

/** Averages and spreads are computed in DOUBLE: Flink's AVG of an INT column is an INT. */
function asDouble(column: NumericColumn): ExpressionNode {
  return castNode(column.node, 'DOUBLE', 'CAST');
}

/**
 * Number of rows: `COUNT(*)`, feature `event_count_<window>`.
 * @example
 * window: tumble('1 min'), aggregations: () => [count()],
 * // prints COUNT(*) AS `event_count_1m`
 */
export function count(): Aggregation<'event_count', number, false>;
/**
 * Number of non-null values: `COUNT(x)`, feature `<x>_count_<window>`; e.g. the priced clicks.
 * @example
 * window: tumble('1 min'), aggregations: (c) => [count(c.price)],
 * // prints COUNT(`price`) AS `price_count_1m`
 */
export function count<N extends string>(column: ColumnExpr<N, unknown, TypeCategory>): Aggregation<`${N}_count`, number, false>;
export function count(column?: ColumnExpr<string, unknown, TypeCategory>): Aggregation<string, number, false> {
  return column === undefined
    ? aggregation('event_count', 'COUNT', [], t.bigint(), { star: true })
    : aggregation(`${column.columnName}_count`, 'COUNT', [column.node], t.bigint());
}

/**
 * Number of distinct values: `COUNT(DISTINCT x)`, feature `<x>_count_distinct_<window>`.
 * @example
 * window: session({ gap: '30 min' }), aggregations: (c) => [countDistinct(c.url)],
 * // prints COUNT(DISTINCT `url`) AS `url_count_distinct_session`
 */
export function countDistinct<N extends string>(column: ColumnExpr<N, unknown, TypeCategory>): Aggregation<`${N}_count_distinct`, number, false> {
  return aggregation(`${column.columnName}_count_distinct`, 'COUNT', [column.node], t.bigint(), { distinct: true });
}

/**
 * `SUM(x)` over a numeric column; feature `<x>_sum_<window>`, NULL when every value is. Typed as
 * Flink sums: an INT sum is an INT (it wraps past 2^31, as in Java: sum a BIGINT column for large
 * counts), a DECIMAL(p, s) sum is DECIMAL(38, s).
 * @example
 * window: session({ gap: '30 min' }), aggregations: (c) => [sum(c.price)],
 * // prints SUM(`price`) AS `price_sum_session`
 */
export function sum<N extends string>(column: ColumnExpr<N, unknown, 'numeric'>): Aggregation<`${N}_sum`, number | null, false> {
  return aggregation(`${column.columnName}_sum`, 'SUM', [column.node], t.nullable(columnTypeOf(sumType(numericTypeOf(column.type)))));
}

/**
 * `AVG(CAST(x AS DOUBLE))`; feature `<x>_avg_<window>`. The cast because Flink's AVG of an INT column is an INT.
 * @example
 * window: tumble('1 min'), aggregations: (c) => [avg(c.price)],
 * // prints AVG(CAST(`price` AS DOUBLE)) AS `price_avg_1m`
 */
export function avg<N extends string>(column: ColumnExpr<N, unknown, 'numeric'>): Aggregation<`${N}_avg`, number | null, false> {
  return aggregation(`${column.columnName}_avg`, 'AVG', [asDouble(column)], t.nullable(t.double()));
}

/**
 * `MIN(x)` of a numeric, string or time column; feature `<x>_min_<window>`.
 * @example
 * window: session({ gap: '30 min' }), aggregations: (c) => [min(c.event_time).as('session_first_event_at')],
 * // prints MIN(`event_time`) AS `session_first_event_at`
 */
export function min<N extends string, T>(column: ColumnExpr<N, T, 'numeric' | 'timestamp' | 'string' | 'date'>): Aggregation<`${N}_min`, T | null, false> {
  return aggregation(`${column.columnName}_min`, 'MIN', [column.node], t.nullable(column.type as OrderedColumn['type'])) as Aggregation<`${N}_min`, T | null, false>;
}

/**
 * `MAX(x)` of a numeric, string or time column; feature `<x>_max_<window>`.
 * @example
 * window: session({ gap: '30 min' }), aggregations: (c) => [max(c.price)],
 * // prints MAX(`price`) AS `price_max_session`
 */
export function max<N extends string, T>(column: ColumnExpr<N, T, 'numeric' | 'timestamp' | 'string' | 'date'>): Aggregation<`${N}_max`, T | null, false> {
  return aggregation(`${column.columnName}_max`, 'MAX', [column.node], t.nullable(column.type as OrderedColumn['type'])) as Aggregation<`${N}_max`, T | null, false>;
}

/**
 * Population standard deviation, `STDDEV_POP(CAST(x AS DOUBLE))`; feature `<x>_stddev_<window>`.
 * @example
 * window: tumble('1 min'), aggregations: (c) => [stddev(c.price)],
 * // prints STDDEV_POP(CAST(`price` AS DOUBLE)) AS `price_stddev_1m`
 */
export function stddev<N extends string>(column: ColumnExpr<N, unknown, 'numeric'>): Aggregation<`${N}_stddev`, number | null, false> {
  return aggregation(`${column.columnName}_stddev`, 'STDDEV_POP', [asDouble(column)], t.nullable(t.double()));
}

/**
 * Population variance, `VAR_POP(CAST(x AS DOUBLE))`; feature `<x>_variance_<window>`.
 * @example
 * window: tumble('1 min'), aggregations: (c) => [variance(c.price)],
 * // prints VAR_POP(CAST(`price` AS DOUBLE)) AS `price_variance_1m`
 */
export function variance<N extends string>(column: ColumnExpr<N, unknown, 'numeric'>): Aggregation<`${N}_variance`, number | null, false> {
  return aggregation(`${column.columnName}_variance`, 'VAR_POP', [asDouble(column)], t.nullable(t.double()));
}

/**
 * The first value in the window, `FIRST_VALUE(x)`; feature `<x>_first_<window>`, e.g. a session's landing page.
 * @example
 * window: session({ gap: '30 min' }), aggregations: (c) => [first(c.url)],
 * // prints FIRST_VALUE(`url`) AS `url_first_session`
 */
export function first<N extends string, T>(column: ColumnExpr<N, T, TypeCategory>): Aggregation<`${N}_first`, T | null, false> {
  return aggregation<`${N}_first`, T | null>(`${column.columnName}_first`, 'FIRST_VALUE', [column.node], t.nullable(column.type));
}

/**
 * The last value in the window, `LAST_VALUE(x)`; feature `<x>_last_<window>`, e.g. a session's exit page.
 * @example
 * window: session({ gap: '30 min' }), aggregations: (c) => [last(c.url)],
 * // prints LAST_VALUE(`url`) AS `url_last_session`
 */
export function last<N extends string, T>(column: ColumnExpr<N, T, TypeCategory>): Aggregation<`${N}_last`, T | null, false> {
  return aggregation<`${N}_last`, T | null>(`${column.columnName}_last`, 'LAST_VALUE', [column.node], t.nullable(column.type));
}

/** The runner's t-digest percentile aggregate (runner: com.clickstream.runner.udf.ApproxPercentile). */
export const APPROX_PERCENTILE_FUNCTION = { name: 'APPROX_PERCENTILE', className: 'com.clickstream.runner.udf.ApproxPercentile' } as const;

/** A percent as a column-name part: `99.9` -> `99_9` (a dot in a column name is awkward downstream). */
type PercentName<P extends number> = `${P}` extends `${infer Whole}.${infer Fraction}` ? `${Whole}_${Fraction}` : `${P}`;

/**
 * An approximate percentile (t-digest: about 1% off in rank, closer at the tails) of a numeric column
 * per window: `approxPercentile(c.price, 95)` is the feature `price_p95_<window>`, 99.9 gives `_p99_9`. Flink 1.19 has no percentile
 * aggregate, so this calls the runner's `APPROX_PERCENTILE`. Windows only: not over trailing windows
 * or in pattern measures (a t-digest cannot take values back out).
 * @example
 * window: tumble('1 min'), aggregations: (c) => [approxPercentile(c.price, 95)],
 * // prints `APPROX_PERCENTILE`(CAST(`price` AS DOUBLE), 0.95) AS `price_p95_1m`
 */
export function approxPercentile<N extends string, const P extends number>(column: ColumnExpr<N, unknown, 'numeric'>, percent: P): Aggregation<`${N}_p${PercentName<P>}`, number | null, false> {
  if (!(percent > 0 && percent < 100)) throw new JobDefinitionError(`approxPercentile(${column.columnName}, ${String(percent)}): the percent must be between 0 and 100 (exclusive)`);
  // The fraction rounded to 12 digits: 99.9 / 100 is 0.9990000000000001 in binary floating point.
  return aggregation(`${column.columnName}_p${String(percent).replace('.', '_')}` as `${N}_p${PercentName<P>}`, APPROX_PERCENTILE_FUNCTION.name, [asDouble(column), literalNode(Number((percent / 100).toPrecision(12)))], t.nullable(t.double()), { udf: true });
}
