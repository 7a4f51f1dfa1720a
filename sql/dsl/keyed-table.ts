import { ColumnError } from '../errors.js';
import type { Expr } from './expression.js';
import { type Columns, type RowOf, type Source } from './source.js';

type Condition = Expr<boolean | null, 'boolean'>;

/**
 * Which row of each key a keyed table holds: the `first` to arrive (append-only, so a regular join
 * can read it), or the `latest` by event time (a versioned table, what a temporal join reads).
 */
export type Keep = 'first' | 'latest';

/** One row per key of a source, as a view other jobs join against. */
export interface KeyedTable<Cols extends Columns = Columns, K extends string = string, W extends Keep = Keep> {
  readonly kind: 'keyed-table';
  readonly keep: W;
  /** The view's name in SQL; unique among the tables a job reads. */
  readonly name: string;
  readonly from: Source<Cols>;
  readonly key: K;
  /** Which source rows are candidates, e.g. only purchases. */
  readonly where?: Condition;
  readonly columns: Source<Cols>['columns'];
}

export interface KeyedTableSpec<Cols extends Columns, K extends keyof Cols & string> {
  readonly name: string;
  readonly from: Source<Cols>;
  readonly key: K;
  readonly where?: (row: RowOf<Source<Cols>['columns']>) => Condition;
}

function keyedTable<const Cols extends Columns, const K extends keyof Cols & string, W extends Keep>(spec: KeyedTableSpec<Cols, K>, keep: W, what: string): KeyedTable<Cols, K, W> {
  if (!(spec.key in spec.from.declaredColumns)) throw new ColumnError(`${what} '${spec.name}': key '${spec.key}' is not a column of source '${spec.from.name}'`);
  const where = spec.where?.(spec.from.row);
  return Object.freeze({
    kind: 'keyed-table',
    keep,
    name: spec.name,
    from: spec.from,
    key: spec.key,
    ...(where === undefined ? {} : { where }),
    columns: spec.from.columns,
  });
}

/**
 * The first row of each key to arrive, e.g. each session's landing click. Ordered by arrival
 * (processing time) because that keeps the view append-only, which a regular join into a Kinesis sink
 * needs; ordered by event time, a late earlier row would retract the first one.
 * @example
 * const sessionLandings = firstRowPer({ name: 'session_landings', from: clicks, key: 'session_id' });
 * // prints CREATE TEMPORARY VIEW `session_landings` AS ... ROW_NUMBER() OVER (PARTITION BY `session_id` ORDER BY `proc_time`) AS `row_num` ... WHERE `row_num` = 1
 */
export function firstRowPer<const Cols extends Columns, const K extends keyof Cols & string>(spec: KeyedTableSpec<Cols, K>): KeyedTable<Cols, K, 'first'> {
  return keyedTable(spec, 'first', 'firstRowPer');
}

/**
 * The latest row of each key by event time, as a versioned table: a temporal join reads the version
 * valid at each event's time. Example, each user's latest purchase:
 * @example
 * const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id', where: (c) => c.event_type.eq('purchase') });
 * // prints CREATE TEMPORARY VIEW `latest_purchases` AS ... ROW_NUMBER() OVER (PARTITION BY `user_id` ORDER BY `event_time` DESC) AS `row_num` FROM `clicks` WHERE `event_type` = 'purchase' ... WHERE `row_num` = 1
 */
export function latestRowPer<const Cols extends Columns, const K extends keyof Cols & string>(spec: KeyedTableSpec<Cols, K>): KeyedTable<Cols, K, 'latest'> {
  return keyedTable(spec, 'latest', 'latestRowPer');
}
