import { ColumnError, JobDefinitionError } from '../errors.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import type { ValueOf } from '../schema/column-types.js';
import type { Expr } from './expression.js';
import { checkUniqueColumns, scalingOf, type SingleSourceJob, type ScalingSpec, type Simplify } from './job-common.js';
import { rowOf, type Columns, type RowOf, type Source } from './source.js';

export type DedupedRow<Cols extends Columns> = Simplify<{ readonly [P in keyof Cols]: ValueOf<Cols[P]> }>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type Selection = Readonly<Record<string, Expr<any>>>;
type SelectedRow<S extends Selection> = Simplify<{ readonly [P in keyof S]: S[P] extends Expr<infer T> ? T : never }>;

/** Which copy of a key stays. */
export type DedupeKeep =
  /** The first copy to arrive, emitted at once (append-only); a key is remembered for `stateTtl`. */
  | { readonly keep?: 'first-arrival'; readonly stateTtl: Duration; readonly within?: undefined }
  /**
   * The copy with the earliest event time among the copies in the same `within` window (a tumbling
   * event-time window), emitted when the watermark passes the window's end: a replay that carries an
   * earlier event time wins, whichever copy arrived first. Copies in two windows are both kept.
   * Window state ends with the window, so no `stateTtl`.
   */
  | { readonly keep: 'earliest-event-time'; readonly within: Duration; readonly stateTtl?: undefined };

export type DedupeSpec<Cols extends Columns, K extends keyof Cols & string, S extends Selection> = {
  readonly from: Source<Cols>;
  /** The columns that identify a duplicate, e.g. `['event_id']`. */
  readonly key: readonly [K, ...K[]];
  /** The output columns, computed from the kept copy (`event_time` included); default: the source's declared columns as they are. */
  readonly select?: (c: RowOf<Source<Cols>['columns']>) => S;
  /** Where the deduplicated events go (a stream another source can read). */
  readonly sinkStream: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
} & DedupeKeep;

export interface DedupeJob<Row = unknown> extends SingleSourceJob<Row> {
  readonly jobType: 'dedupe';
  readonly key: readonly string[];
  /** `first-arrival` remembers keys for this long; absent for `earliest-event-time`, whose windows end. */
  readonly stateTtl?: ParsedDuration;
  /** The event-time window copies are compared in (`earliest-event-time`). */
  readonly within?: ParsedDuration;
  /** Output columns as expressions over the kept copy (`select`); absent: the source's declared columns. */
  readonly selections?: readonly (readonly [string, Expr<unknown>])[];
}

/**
 * Drops repeated events. By default keeps the first copy of each key to arrive (processing time),
 * which is append-only, as a Kinesis sink requires, and passes on the source's own columns; keeping
 * the last copy would emit updates. `keep: 'earliest-event-time'` keeps the copy with the earliest
 * event time within a window instead (see `DedupeKeep`), and `select` picks or computes the columns.
 *
 * ```ts
 * export const v1 = dedupe({ from: clicks, key: ['event_id'], stateTtl: '1 h', sinkStream: 'clicks-deduped' });
 * ```
 * prints `` ROW_NUMBER() OVER (PARTITION BY `event_id` ORDER BY `proc_time`) `` and keeps row 1;
 * `keep: 'earliest-event-time', within: '1 h'` prints the same ranking over
 * `` TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' HOUR)) ``, partitioned by the
 * window too and ordered by `event_time`.
 */
export function dedupe<const Cols extends Columns, const K extends keyof Cols & string, const S extends Selection = never>(
  spec: DedupeSpec<Cols, K, S>,
): DedupeJob<[S] extends [never] ? DedupedRow<Cols> : SelectedRow<S>> {
  for (const column of spec.key) {
    if (!(column in spec.from.declaredColumns)) throw new ColumnError(`dedupe key '${column}' is not a column of source '${spec.from.name}'`);
  }
  const selected = spec.select === undefined ? undefined : (Object.entries(spec.select(rowOf<Source<Cols>['columns']>(spec.from.columns))) as [string, Expr<unknown>][]);
  if (selected?.length === 0) throw new JobDefinitionError('dedupe: select gives no columns');
  const outputColumns = selected === undefined ? Object.entries(spec.from.declaredColumns) : selected.map(([name, value]) => [name, value.type] as const);
  checkUniqueColumns(outputColumns);
  const partitionKey = spec.key[0];
  if (!outputColumns.some(([name]) => name === partitionKey)) {
    throw new ColumnError(`dedupe: select must keep the key column '${partitionKey}': it is the Kinesis partition key of the output`);
  }
  const keep =
    spec.keep === 'earliest-event-time'
      ? { within: parseDuration(spec.within, 'dedupe within') }
      : { stateTtl: parseDuration(spec.stateTtl, 'dedupe stateTtl') };
  return Object.freeze({
    kind: 'job',
    jobType: 'dedupe',
    source: spec.from,
    key: [...spec.key],
    ...keep,
    ...(selected === undefined ? {} : { selections: selected }),
    partitionKey: [partitionKey],
    sinkStream: spec.sinkStream,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as [S] extends [never] ? DedupedRow<Cols> : SelectedRow<S>,
  });
}
