import type { ParsedDuration } from '../../schema/duration.js';
import { DEFAULT_SINK_STREAM, scalingOf, type JobCommon } from '../job-common.js';
import { joinOutputColumns, type AnyExpr, type Condition, type JoinedRow, type JoinOutputSpec, type Selections } from '../join-output.js';
import type { KeyedTable } from '../keyed-table.js';
import type { Source } from '../source.js';

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
  /** A join's output is partitioned by one of its selected columns. */
  readonly partitionKey: readonly [string];
}

/** A regular join: state bounded by a TTL. */
export interface RegularJoinJob<Row = unknown> extends JoinJobCommon<Row> {
  readonly jobType: 'join';
  /** The job's TTL: the longest a side asks for (the views a side reads keep state too). */
  readonly stateTtl: ParsedDuration;
  /** The TTL per side, `[left, right]`, when they differ (a STATE_TTL hint). */
  readonly sideTtls?: readonly [ParsedDuration, ParsedDuration];
}

/** A temporal join: state bounded by a TTL per key of the versioned table. */
export interface TemporalJoinJob<Row = unknown> extends JoinJobCommon<Row> {
  readonly jobType: 'temporal-join';
  readonly stateTtl: ParsedDuration;
}

/** An interval join: state bounded by the time interval. */
export interface IntervalJoinJob<Row = unknown> extends JoinJobCommon<Row> {
  readonly jobType: 'interval-join';
  readonly before?: ParsedDuration;
  readonly after: ParsedDuration;
}

/** A join as the compiler reads it, whichever function made it; `jobType` tells the kinds apart. */
export type JoinJob<Row = unknown> = RegularJoinJob<Row> | TemporalJoinJob<Row> | IntervalJoinJob<Row>;

/** What a join function worked out from its spec, ready for the job: compiled sides, the key pair, the selected columns. */
export interface JoinParts<S extends Selections> {
  readonly sides: readonly [CompiledJoinSide, CompiledJoinSide];
  readonly key: readonly [string, string];
  readonly selected: S;
}

/** What follows `kind` and the kind's own fields (`jobType`, its state bound) in every join job. */
export type JoinFields<Row> = Omit<JoinJobCommon<Row>, 'kind'>;

/**
 * The fields every join job has, typed by the selections `S` its spec's `select` returned and the
 * partition key `P`, so each join function returns its kind of job with the row its spec describes.
 */
export function joinFields<S extends Selections, P extends keyof S & string>(what: string, parts: JoinParts<S>, output: JoinOutputSpec<P>): JoinFields<JoinedRow<S, P>> {
  const selections = Object.entries(parts.selected);
  return {
    left: parts.sides[0],
    right: parts.sides[1],
    key: parts.key,
    selections,
    partitionKey: [output.partitionBy],
    sinkStream: output.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(output.description === undefined ? {} : { description: output.description }),
    scaling: scalingOf(output.scaling),
    outputColumns: joinOutputColumns(what, selections, output.partitionBy),
    // `Row` is type-only (JobCommon): no value of the row exists to put there, and TypeScript has no
    // property that exists in types alone, so `undefined` stands in for it.
    Row: undefined as unknown as JoinedRow<S, P>,
  };
}
