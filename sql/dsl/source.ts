import { columnNode } from '../ast/column-node.js';
import { ColumnError } from '../errors.js';
import { t, type ColumnType, type TypeCategory, type ValueOf } from '../schema/column-types.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import { Expr } from './expression.js';

/** Any column type, whatever its value type and category. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest column type, for constraints only
export type AnyColumnType = ColumnType<any>;
export type Columns = Readonly<Record<string, AnyColumnType>>;

/** Columns every source gets from the compiler: the event-time attribute and processing time. */
export const EVENT_TIME_COLUMN = 'event_time';
export const PROCESSING_TIME_COLUMN = 'proc_time';
type TimeColumns = { readonly event_time: ColumnType<string, 'timestamp'>; readonly proc_time: ColumnType<string, 'timestamp'> };

/** A column as an expression that remembers its name, so aggregates can name features after it. */
export class ColumnExpr<N extends string, T, C extends TypeCategory> extends Expr<T, C> {
  constructor(
    readonly columnName: N,
    type: ColumnType<T, C>,
    table?: string,
  ) {
    super(columnNode(columnName, table), type);
    Object.freeze(this);
  }
}

/** The typed row a job's callbacks receive: one column expression per column. */
export type RowOf<Cols extends Columns> = {
  readonly [K in keyof Cols & string]: Cols[K] extends ColumnType<infer T, infer C> ? ColumnExpr<K, T, C> : never;
};

/** Column expressions whose values may be NULL: a row that may be missing (an unmatched side, a variable that matched no row). */
export type NullableRowOf<Cols extends Columns> = {
  readonly [K in keyof Cols & string]: Cols[K] extends ColumnType<infer T, infer C> ? ColumnExpr<K, T | null, C> : never;
};

/** One record of a source as JSON carries it: a plain value per declared column (what producers write). */
export type RecordOf<Cols extends Columns> = { readonly [K in keyof Cols]: ValueOf<Cols[K]> };

/** Names of the columns whose category is C. */
export type ColumnsOfCategory<Cols extends Columns, C extends TypeCategory> = {
  [K in keyof Cols & string]: Cols[K] extends ColumnType<unknown, C> ? K : never;
}[keyof Cols & string];

export interface SourceDefinition<Cols extends Columns, E extends string> {
  /** The table name in SQL, and the name the manifest reports. */
  readonly name: string;
  /** The logical stream name; each compile target turns it into a stream ARN and endpoint. */
  readonly stream: string;
  readonly columns: Cols;
  /** Which column holds the event time as epoch milliseconds (UTC), and how late events may be. */
  readonly eventTime: { readonly column: E; readonly watermarkDelay: Duration };
}

/** A declared stream of JSON records: its schema, its event time and where it comes from. */
export interface Source<Cols extends Columns = Columns> {
  readonly kind: 'source';
  readonly name: string;
  readonly stream: string;
  /** Declared columns plus `event_time` (TIMESTAMP_LTZ(3), the rowtime) and `proc_time`. */
  readonly columns: Cols & TimeColumns;
  readonly declaredColumns: Cols;
  readonly eventTimeSourceColumn: string;
  readonly watermarkDelay: ParsedDuration;
  /** Typed column expressions, e.g. `clicks.row.price`. */
  readonly row: RowOf<Cols & TimeColumns>;
}

/**
 * Declares a source stream. Example:
 *
 * ```ts
 * export const clicks = source({
 *   name: 'clicks', stream: 'raw',
 *   columns: { user_id: t.string(), price: t.nullable(t.double()), ts: t.bigint() },
 *   eventTime: { column: 'ts', watermarkDelay: '5 s' },
 * });
 * ```
 *
 * compiles to a table with `` `event_time` AS TO_TIMESTAMP_LTZ(`ts`, 3) `` and
 * `` WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND ``.
 */
export function source<const Cols extends Columns, const E extends ColumnsOfCategory<Cols, 'numeric'>>(
  definition: SourceDefinition<Cols, E>,
): Source<Cols> {
  for (const reserved of [EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN]) {
    if (reserved in definition.columns) {
      throw new ColumnError(`source '${definition.name}': the column name '${reserved}' is reserved (the compiler adds it); rename the column`);
    }
  }
  const eventColumn = definition.columns[definition.eventTime.column];
  if (eventColumn?.category !== 'numeric') {
    throw new ColumnError(
      `source '${definition.name}': eventTime.column '${definition.eventTime.column}' must be a numeric column of epoch milliseconds`,
    );
  }
  const columns = {
    ...definition.columns,
    [EVENT_TIME_COLUMN]: t.timestampLtz(3),
    [PROCESSING_TIME_COLUMN]: t.timestampLtz(3),
  } as Cols & TimeColumns;
  return Object.freeze({
    kind: 'source',
    name: definition.name,
    stream: definition.stream,
    columns,
    declaredColumns: definition.columns,
    eventTimeSourceColumn: definition.eventTime.column,
    watermarkDelay: parseDuration(definition.eventTime.watermarkDelay, `source '${definition.name}' watermarkDelay`),
    row: rowOf(columns),
  });
}

/** Column expressions for `columns`; qualified by `table` (`t`.`c`) where a query joins tables. */
export function rowOf<Cols extends Columns>(columns: Cols, table?: string): RowOf<Cols> {
  const row: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(columns)) row[name] = new ColumnExpr(name, type, table);
  return Object.freeze(row) as RowOf<Cols>;
}
