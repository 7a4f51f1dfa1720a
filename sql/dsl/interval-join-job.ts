import { ColumnError, JobDefinitionError } from '../errors.js';
import { t, type ColumnType } from '../schema/column-types.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import type { Expr } from './expression.js';
import { checkUniqueColumns, DEFAULT_SINK_STREAM, scalingOf, type JobCommon, type ScalingSpec, type Simplify } from './job-common.js';
import { rowOf, type Columns, type ColumnsOfCategory, type RowOf, type Source } from './source.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type AnyExpr = Expr<any>;
type Selections = Readonly<Record<string, AnyExpr>>;
type Condition = Expr<boolean | null, 'boolean'>;
type TimedRow<Cols extends Columns> = RowOf<Source<Cols>['columns']>;

/** One side of an interval join: a source under an alias, and which of its rows take part. */
export interface JoinSide<Cols extends Columns, A extends string> {
  readonly from: Source<Cols>;
  /** The name the side's columns are qualified by in SQL and passed to `select` under. */
  readonly as: A;
  readonly where?: (row: TimedRow<Cols>) => Condition;
}

export type JoinedRow<S extends Selections, P extends keyof S> = Simplify<
  { readonly [K in P]: S[K] extends Expr<infer T> ? T : never } & { readonly feature_set: string } & {
    readonly [K in Exclude<keyof S, P>]: S[K] extends Expr<infer T> ? T : never;
  }
>;

export interface IntervalJoinSpec<Cols extends Columns, L extends string, R extends string, LK extends keyof Cols & string, S extends Selections, P extends keyof S & string> {
  readonly left: JoinSide<Cols, L>;
  readonly right: JoinSide<Cols, R>;
  /**
   * Equal columns of both sides, `[left column, right column]`, e.g. `['session_id', 'session_id']`:
   * the join key. Both must be of the same category.
   */
  readonly key: readonly [LK, ColumnsOfCategory<Cols, Cols[LK] extends ColumnType<unknown, infer C> ? C : never>];
  /**
   * Where the right row's event time may lie around the left row's: from `before` earlier (default: not
   * earlier) to `after` later. Bounds the join's state: rows older than that are dropped.
   */
  readonly within: { readonly before?: Duration; readonly after: Duration };
  /** Output columns from the matched pair. Example: `({ viewed, bought }) => ({ viewed_at: viewed.event_time, ... })`. */
  readonly select: (rows: { readonly [K in L]: TimedRow<Cols> } & { readonly [K in R]: TimedRow<Cols> }) => S;
  /** The output column that is the Kinesis partition key; one of `select`'s. */
  readonly partitionBy: P;
  readonly sinkStream?: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

export interface IntervalJoinJob<Row = unknown> extends JobCommon<Row> {
  readonly jobType: 'interval-join';
  readonly left: { readonly alias: string; readonly where?: Condition };
  readonly right: { readonly alias: string; readonly where?: Condition };
  readonly key: readonly [string, string];
  readonly before?: ParsedDuration;
  readonly after: ParsedDuration;
  readonly selections: readonly (readonly [string, AnyExpr])[];
}

/**
 * An interval join of a source with itself: pairs of rows with equal keys whose event times lie close
 * together, e.g. a product view and a purchase in the same session within 30 minutes. Flink keeps each
 * row only as long as the interval can still match it, and the output is append-only.
 *
 * ```ts
 * export const v1 = intervalJoin({
 *   left: { from: clicks, as: 'viewed', where: (c) => c.event_type.eq('view') },
 *   right: { from: clicks, as: 'bought', where: (c) => c.event_type.eq('purchase') },
 *   key: ['session_id', 'session_id'],
 *   within: { after: '30 min' },
 *   select: ({ viewed, bought }) => ({ session_id: viewed.session_id, viewed_at: viewed.event_time, bought_at: bought.event_time }),
 *   partitionBy: 'session_id',
 * });
 * ```
 * joins on `` `viewed`.`session_id` = `bought`.`session_id` AND `bought`.`event_time` >= `viewed`.`event_time`
 * AND `bought`.`event_time` <= `viewed`.`event_time` + INTERVAL '30' MINUTE ``.
 */
export function intervalJoin<
  const Cols extends Columns,
  const L extends string,
  const R extends string,
  const LK extends keyof Cols & string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: IntervalJoinSpec<Cols, L, R, LK, S, P>): IntervalJoinJob<JoinedRow<S, P>> {
  const { left, right } = spec;
  if (left.from.name !== right.from.name) {
    throw new JobDefinitionError(
      `intervalJoin: joining '${left.from.name}' with another source ('${right.from.name}') is not supported yet; both sides must read the same source`,
    );
  }
  if (left.as === (right.as as string)) throw new JobDefinitionError(`intervalJoin: both sides are called '${left.as}'; give each its own alias`);
  const [leftKey, rightKey] = spec.key;
  for (const [side, column] of [[left, leftKey], [right, rightKey]] as const) {
    if (!(column in side.from.columns)) throw new ColumnError(`intervalJoin key: '${column}' is not a column of source '${side.from.name}' (side '${side.as}')`);
  }
  const leftRow = rowOf(left.from.columns, left.as);
  const rightRow = rowOf(right.from.columns, right.as);
  const selections = Object.entries(spec.select({ [left.as]: leftRow, [right.as]: rightRow } as Parameters<typeof spec.select>[0]));
  const partition = selections.find(([name]) => name === spec.partitionBy);
  if (partition === undefined) throw new ColumnError(`intervalJoin partitionBy: '${spec.partitionBy}' is not one of the selected columns`);
  const outputColumns: (readonly [string, ColumnType<unknown>])[] = [
    [spec.partitionBy, partition[1].type as ColumnType<unknown>],
    ['feature_set', t.string()],
    ...selections.filter(([name]) => name !== spec.partitionBy).map(([name, expression]) => [name, expression.type as ColumnType<unknown>] as const),
  ];
  checkUniqueColumns(outputColumns);
  const leftWhere = left.where?.(leftRow);
  const rightWhere = right.where?.(rightRow);
  return Object.freeze({
    kind: 'job',
    jobType: 'interval-join',
    source: left.from,
    left: { alias: left.as, ...(leftWhere === undefined ? {} : { where: leftWhere }) },
    right: { alias: right.as, ...(rightWhere === undefined ? {} : { where: rightWhere }) },
    key: [leftKey, rightKey] as const,
    ...(spec.within.before === undefined ? {} : { before: parseDuration(spec.within.before, 'intervalJoin within.before') }),
    after: parseDuration(spec.within.after, 'intervalJoin within.after'),
    selections,
    partitionKey: [spec.partitionBy],
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as JoinedRow<S, P>,
  });
}
