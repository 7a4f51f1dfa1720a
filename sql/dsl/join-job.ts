import { ColumnError, JobDefinitionError } from '../errors.js';
import { nullable, type ColumnType } from '../schema/column-types.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import { DEFAULT_SINK_STREAM, scalingOf, type JobCommon } from './job-common.js';
import { joinOutputColumns, type AnyExpr, type Condition, type JoinedRow, type JoinOutputSpec, type Selections } from './join-output.js';
import type { KeyedTable } from './keyed-table.js';
import { rowOf, type Columns, type ColumnsOfCategory, type NullableRowOf, type RowOf, type Source } from './source.js';

/** What a regular join may read on either side: a source, or the first row per key of one. */
export type JoinTable<Cols extends Columns> = Source<Cols> | KeyedTable<Cols, string, 'first'>;

type TableRow<Cols extends Columns> = RowOf<Source<Cols>['columns']>;
type CategoryOfColumn<Cols extends Columns, K extends keyof Cols> = Cols[K] extends ColumnType<unknown, infer C> ? C : never;

/** One side of a join: a table under an alias, and which of its rows take part. */
export interface JoinSideSpec<Cols extends Columns, A extends string, T> {
  readonly from: T;
  /** The name the side's columns are qualified by in SQL and passed to `select` under. */
  readonly as: A;
  readonly where?: (row: TableRow<Cols>) => Condition;
}

export interface JoinSpec<
  LCols extends Columns,
  RCols extends Columns,
  L extends string,
  R extends string,
  LK extends keyof LCols & string,
  S extends Selections,
  P extends keyof S & string,
> extends JoinOutputSpec<P> {
  readonly left: JoinSideSpec<LCols, L, JoinTable<LCols>>;
  readonly right: JoinSideSpec<RCols, R, JoinTable<RCols>>;
  /** Equal columns of both sides, `[left column, right column]`, of the same category. */
  readonly key: readonly [LK, ColumnsOfCategory<RCols, CategoryOfColumn<LCols, LK>>];
  /**
   * How long a row is kept after it was written (reading it does not extend that), one for both
   * sides or one per side by alias, e.g. `{ click: '10 min', landing: '1 d' }`: a side whose rows only
   * wait for their match to arrive need not be kept as long as the side they wait for. Required: a
   * regular join keeps every row of both sides to match later rows, so without it state grows without end.
   */
  readonly stateTtl: Duration | { readonly [K in L | R]: Duration };
  readonly select: (rows: { readonly [K in L]: TableRow<LCols> } & { readonly [K in R]: TableRow<RCols> }) => S;
}

export interface IntervalJoinSpec<
  LCols extends Columns,
  RCols extends Columns,
  L extends string,
  R extends string,
  LK extends keyof LCols & string,
  S extends Selections,
  P extends keyof S & string,
> extends JoinOutputSpec<P> {
  readonly left: JoinSideSpec<LCols, L, Source<LCols>>;
  readonly right: JoinSideSpec<RCols, R, Source<RCols>>;
  /** Equal columns of both sides, `[left column, right column]`, e.g. `['session_id', 'session_id']`, of the same category. */
  readonly key: readonly [LK, ColumnsOfCategory<RCols, CategoryOfColumn<LCols, LK>>];
  /**
   * Where the right row's event time may lie around the left row's: from `before` earlier (default: not
   * earlier) to `after` later. Bounds the join's state: rows older than that are dropped.
   */
  readonly within: { readonly before?: Duration; readonly after: Duration };
  /** Output columns from the matched pair. Example: `({ viewed, bought }) => ({ viewed_at: viewed.event_time, ... })`. */
  readonly select: (rows: { readonly [K in L]: TableRow<LCols> } & { readonly [K in R]: TableRow<RCols> }) => S;
}

export interface TemporalJoinSpec<
  SCols extends Columns,
  VCols extends Columns,
  A extends string,
  V extends string,
  VK extends keyof VCols & string,
  S extends Selections,
  P extends keyof S & string,
> extends JoinOutputSpec<P> {
  /** The events: each is joined with the version valid at its event time. */
  readonly stream: JoinSideSpec<SCols, A, Source<SCols>>;
  /** The versioned table (`latestRowPer`); its columns are NULL for an event with no version yet. */
  readonly versions: { readonly from: KeyedTable<VCols, VK, 'latest'>; readonly as: V };
  /** The stream's column that holds the versioned table's key. */
  readonly key: ColumnsOfCategory<SCols, CategoryOfColumn<VCols, VK>>;
  /** How long an idle key's state (its versions, waiting events) is kept. Required: keys never end otherwise. */
  readonly stateTtl: Duration;
  readonly select: (rows: { readonly [K in A]: TableRow<SCols> } & { readonly [K in V]: NullableRowOf<Source<VCols>['columns']> }) => S;
}

/** A side of a join as the compiler sees it: the table it reads (a source or a view), its alias and filter. */
export interface CompiledJoinSide {
  readonly table: Source | KeyedTable;
  readonly alias: string;
  readonly where?: Condition;
}

interface JoinJobCommon<Row> extends JobCommon<Row> {
  readonly left: CompiledJoinSide;
  readonly right: CompiledJoinSide;
  /** `[left column, right column]`; for a temporal join the right one is the versioned table's key. */
  readonly key: readonly [string, string];
  readonly selections: readonly (readonly [string, AnyExpr])[];
}

/** A regular or temporal join: state bounded by a TTL. */
export interface KeyedJoinJob<Row = unknown> extends JoinJobCommon<Row> {
  readonly jobType: 'join' | 'temporal-join';
  /** The job's TTL: the longest a side asks for (the views a side reads keep state too). */
  readonly stateTtl: ParsedDuration;
  /** A regular join's TTL per side, `[left, right]`, when they differ (a STATE_TTL hint). */
  readonly sideTtls?: readonly [ParsedDuration, ParsedDuration];
}

/** An interval join: state bounded by the time interval. */
export interface IntervalJoinJob<Row = unknown> extends JoinJobCommon<Row> {
  readonly jobType: 'interval-join';
  readonly before?: ParsedDuration;
  readonly after: ParsedDuration;
}

export type JoinJob<Row = unknown> = KeyedJoinJob<Row> | IntervalJoinJob<Row>;

type Side = { readonly from: Source | KeyedTable; readonly as: string };

function checkSides(what: string, left: Side, right: Side, key: readonly [string, string]): void {
  if (left.as === right.as) throw new JobDefinitionError(`${what}: both sides are called '${left.as}'; give each its own alias`);
  for (const [side, column] of [[left, key[0]], [right, key[1]]] as const) {
    if (!(column in side.from.columns)) throw new ColumnError(`${what} key: '${column}' is not a column of '${side.from.name}' (side '${side.as}')`);
  }
}

function compiledSide(side: Side, where: Condition | undefined): CompiledJoinSide {
  return { table: side.from, alias: side.as, ...(where === undefined ? {} : { where }) };
}

const FUNCTION_NAMES = { join: 'join', 'temporal-join': 'temporalJoin', 'interval-join': 'intervalJoin' } as const;

/** What bounds a join's state: a TTL, or the interval. */
type StateBound =
  | { readonly jobType: KeyedJoinJob['jobType']; readonly stateTtl: ParsedDuration; readonly sideTtls?: readonly [ParsedDuration, ParsedDuration] }
  | { readonly jobType: 'interval-join'; readonly before?: ParsedDuration; readonly after: ParsedDuration };

function joinJob<Row>(
  bound: StateBound,
  spec: JoinOutputSpec<string>,
  sides: readonly [CompiledJoinSide, CompiledJoinSide],
  key: readonly [string, string],
  selections: readonly (readonly [string, AnyExpr])[],
): JoinJob<Row> {
  const what = FUNCTION_NAMES[bound.jobType];
  return Object.freeze({
    kind: 'job',
    ...bound,
    left: sides[0],
    right: sides[1],
    key,
    selections,
    partitionKey: [spec.partitionBy],
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns: joinOutputColumns(what, selections, spec.partitionBy),
    Row: undefined as unknown as Row,
  });
}

/** Callbacks as `twoSidedJoin` calls them: with untyped rows (the typed specs are checked by their own signatures). */
type AnyRow = Readonly<Record<string, unknown>>;

/** What `join` and `intervalJoin` share: two sides of tables, a key pair and a select over both rows. */
interface TwoSidedSpec extends JoinOutputSpec<string> {
  readonly left: Side & { readonly where?: (row: AnyRow) => Condition };
  readonly right: Side & { readonly where?: (row: AnyRow) => Condition };
  readonly key: readonly [string, string];
  readonly select: (rows: AnyRow) => Selections;
}

/** The tables a side may read, checked at run time too (a cast can get past the types). */
function checkSideTables(what: string, spec: TwoSidedSpec, allowed: (table: Source | KeyedTable) => boolean, expected: string): void {
  for (const side of [spec.left, spec.right]) {
    if (!allowed(side.from)) throw new JobDefinitionError(`${what}: side '${side.as}' reads '${side.from.name}', which is not ${expected}`);
  }
}

function twoSidedJoin<Row>(bound: StateBound, spec: TwoSidedSpec): JoinJob<Row> {
  const { left, right, key } = spec;
  checkSides(FUNCTION_NAMES[bound.jobType], left, right, key);
  const leftRow = rowOf(left.from.columns, left.as);
  const rightRow = rowOf(right.from.columns, right.as);
  const selections = Object.entries(spec.select({ [left.as]: leftRow, [right.as]: rightRow }));
  const sides = [compiledSide(left, left.where?.(leftRow)), compiledSide(right, right.where?.(rightRow))] as const;
  return joinJob(bound, spec, sides, key, selections);
}

/**
 * A regular (inner) join of two tables on equal keys, without time bounds: each row meets every row
 * of the other side with its key, earlier or later, as long as state keeps them. Each side is a
 * source or the first row per key of one (`firstRowPer`), both append-only, so the output is too.
 *
 * ```ts
 * const landings = firstRowPer({ name: 'session_landings', from: clicks, key: 'session_id' });
 * export const v1 = join({
 *   left: { from: clicks, as: 'click' },
 *   right: { from: landings, as: 'landing' },
 *   key: ['session_id', 'session_id'],
 *   stateTtl: '1 d',
 *   select: ({ click, landing }) => ({ event_id: click.event_id, landing_url: landing.url }),
 *   partitionBy: 'event_id',
 * });
 * ```
 */
export function join<
  const LCols extends Columns,
  const RCols extends Columns,
  const L extends string,
  const R extends string,
  const LK extends keyof LCols & string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: JoinSpec<LCols, RCols, L, R, LK, S, P>): KeyedJoinJob<JoinedRow<S, P>> {
  const twoSided = { ...spec, key: [spec.key[0], spec.key[1] as string] } as unknown as TwoSidedSpec;
  // An updating side (the latest row per key retracts the one before) would make the output update too.
  checkSideTables('join', twoSided, (table) => table.kind === 'source' || table.keep === 'first', 'a source or a firstRowPer table');
  return twoSidedJoin({ jobType: 'join', ...joinTtls(spec.stateTtl, [spec.left.as, spec.right.as]) }, twoSided) as KeyedJoinJob<JoinedRow<S, P>>;
}

/** One TTL for both sides, or one per side: the job's is the longest, the sides' go to a hint when they differ. */
function joinTtls(ttl: Duration | Readonly<Record<string, Duration>>, aliases: readonly [string, string]): { readonly stateTtl: ParsedDuration; readonly sideTtls?: readonly [ParsedDuration, ParsedDuration] } {
  if (typeof ttl === 'string') return { stateTtl: parseDuration(ttl, 'join stateTtl') };
  const [left, right] = aliases.map((alias) => {
    // The aliases go into a hint comment, /*+ ... */, which a `*/` would end early.
    if (alias.includes('*/')) throw new JobDefinitionError(`join stateTtl per side: the alias '${alias}' contains '*/'; rename the side`);
    const duration = ttl[alias];
    if (duration === undefined) throw new JobDefinitionError(`join stateTtl: give side '${alias}' a TTL too (or one TTL for both)`);
    return parseDuration(duration, `join stateTtl of side '${alias}'`);
  }) as [ParsedDuration, ParsedDuration];
  const longest = left.millis >= right.millis ? left : right;
  return left.millis === right.millis ? { stateTtl: longest } : { stateTtl: longest, sideTtls: [left, right] };
}

/**
 * An interval join: pairs of rows with equal keys whose event times lie close together, e.g. a
 * product view and a purchase in the same session within 30 minutes. Flink keeps each row only as
 * long as the interval can still match it, and the output is append-only. The sides may read one
 * source or two.
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
  const LCols extends Columns,
  const RCols extends Columns,
  const L extends string,
  const R extends string,
  const LK extends keyof LCols & string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: IntervalJoinSpec<LCols, RCols, L, R, LK, S, P>): IntervalJoinJob<JoinedRow<S, P>> {
  const twoSided = { ...spec, key: [spec.key[0], spec.key[1] as string] } as unknown as TwoSidedSpec;
  // Both sides' rows must carry their event time as a time attribute: a source's does.
  checkSideTables('intervalJoin', twoSided, (table) => table.kind === 'source', 'a source');
  const bound = {
    jobType: 'interval-join',
    ...(spec.within.before === undefined ? {} : { before: parseDuration(spec.within.before, 'intervalJoin within.before') }),
    after: parseDuration(spec.within.after, 'intervalJoin within.after'),
  } as const;
  return twoSidedJoin(bound, twoSided) as IntervalJoinJob<JoinedRow<S, P>>;
}

/**
 * An event-time temporal join: each event of `stream` with the row of `versions` (a `latestRowPer`
 * table) that was the latest for its key at the event's time, or NULLs when there was none yet (a
 * LEFT join: every event gives one row). Flink holds each event until the watermark passes it, so
 * versions up to its time have arrived; the output is append-only.
 *
 * ```ts
 * const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id', where: (c) => c.event_type.eq('purchase') });
 * export const v1 = temporalJoin({
 *   stream: { from: clicks, as: 'click' },
 *   versions: { from: latestPurchases, as: 'purchase' },
 *   key: 'user_id',
 *   stateTtl: '30 d',
 *   select: ({ click, purchase }) => ({ user_id: click.user_id, last_order_value: purchase.price }),
 *   partitionBy: 'user_id',
 * });
 * ```
 * prints `` LEFT JOIN `latest_purchases` FOR SYSTEM_TIME AS OF `click`.`event_time` AS `purchase` ON `click`.`user_id` = `purchase`.`user_id` ``.
 */
export function temporalJoin<
  const SCols extends Columns,
  const VCols extends Columns,
  const A extends string,
  const V extends string,
  const VK extends keyof VCols & string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: TemporalJoinSpec<SCols, VCols, A, V, VK, S, P>): KeyedJoinJob<JoinedRow<S, P>> {
  const { stream, versions } = spec;
  if ((versions.from as KeyedTable).keep !== 'latest') {
    throw new JobDefinitionError(`temporalJoin: versions '${versions.from.name}' must be a latestRowPer table (a versioned table)`);
  }
  const key = [spec.key as string, versions.from.key as string] as const;
  checkSides('temporalJoin', stream, versions, key);
  const streamRow = rowOf(stream.from.columns, stream.as);
  const nullableColumns = Object.fromEntries(Object.entries(versions.from.columns).map(([name, type]) => [name, nullable(type as ColumnType<unknown>)]));
  const versionRow = rowOf(nullableColumns, versions.as);
  const selections = Object.entries(spec.select({ [stream.as]: streamRow, [versions.as]: versionRow } as unknown as Parameters<typeof spec.select>[0]));
  const sides = [compiledSide(stream, stream.where?.(streamRow)), compiledSide(versions, undefined)] as const;
  return joinJob({ jobType: 'temporal-join', stateTtl: parseDuration(spec.stateTtl, 'temporalJoin stateTtl') }, spec, sides, key, selections) as KeyedJoinJob<JoinedRow<S, P>>;
}
