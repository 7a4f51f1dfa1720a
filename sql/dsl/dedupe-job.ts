import { ColumnError } from '../errors.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import type { ValueOf } from '../schema/column-types.js';
import { scalingOf, type SingleSourceJob, type ScalingSpec, type Simplify } from './job-common.js';
import type { Columns, Source } from './source.js';

export type DedupedRow<Cols extends Columns> = Simplify<{ readonly [P in keyof Cols]: ValueOf<Cols[P]> }>;

export interface DedupeSpec<Cols extends Columns, K extends keyof Cols & string> {
  readonly from: Source<Cols>;
  /** The columns that identify a duplicate, e.g. `['event_id']`. */
  readonly key: readonly [K, ...K[]];
  /**
   * How long a key is remembered. Required: without it the job's state grows with every key ever
   * seen. A duplicate arriving later than this is let through.
   */
  readonly stateTtl: Duration;
  /** Where the deduplicated events go (a stream another source can read). */
  readonly sinkStream: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

export interface DedupeJob<Row = unknown> extends SingleSourceJob<Row> {
  readonly jobType: 'dedupe';
  readonly key: readonly string[];
  readonly stateTtl: ParsedDuration;
}

/**
 * Drops repeated events: keeps the first copy of each key to arrive, passes on the source's own
 * columns unchanged. First by arrival (processing time) because that deduplication is append-only,
 * which a Kinesis sink requires; keeping the last copy would emit updates.
 *
 * ```ts
 * export const v1 = dedupe({ from: clicks, key: ['event_id'], stateTtl: '1 h', sinkStream: 'clicks-deduped' });
 * ```
 * prints `` ROW_NUMBER() OVER (PARTITION BY `event_id` ORDER BY `proc_time`) `` and keeps row 1.
 */
export function dedupe<const Cols extends Columns, const K extends keyof Cols & string>(spec: DedupeSpec<Cols, K>): DedupeJob<DedupedRow<Cols>> {
  for (const column of spec.key) {
    if (!(column in spec.from.declaredColumns)) throw new ColumnError(`dedupe key '${column}' is not a column of source '${spec.from.name}'`);
  }
  return Object.freeze({
    kind: 'job',
    jobType: 'dedupe',
    source: spec.from,
    key: [...spec.key],
    stateTtl: parseDuration(spec.stateTtl, 'dedupe stateTtl'),
    partitionKey: [spec.key[0]],
    sinkStream: spec.sinkStream,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns: Object.entries(spec.from.declaredColumns),
    Row: undefined as unknown as DedupedRow<Cols>,
  });
}
