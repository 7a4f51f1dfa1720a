import type { Quantifier } from '../../ast/match-recognize-node.js';
import { ColumnError } from '../../errors.js';
import { t, type ColumnType } from '../../schema/column-types.js';
import { parseDuration, type Duration, type ParsedDuration } from '../../schema/duration.js';
import { checkUniqueColumns, DEFAULT_SINK_STREAM, scalingOf, type SingleSourceJob, type ScalingSpec } from '../job-common.js';
import { rowOf, type Columns, type RowOf, type Source } from '../source.js';
import type { WindowTime } from '../windows.js';
import { checkMeasures, type Measure, type Measures } from './measures.js';
import { matchedRows, type MatchedRows, type PatternRow } from './pattern-rows.js';
import { checkConditionOrder, sequenceTerms, type Condition } from './sequence.js';
import type { AbsentVariables, Step } from './steps.js';

export interface PatternSpec<Cols extends Columns, K extends keyof Cols & string, V extends string, S extends readonly Step<V>[], M extends Measures> {
  readonly from: Source<Cols>;
  /** The entity whose rows are matched in order (e.g. the user), and the output's Kinesis partition key. */
  readonly partitionBy: K;
  /**
   * The condition a row must meet to match each variable. `row` is the row being tested; `matched`
   * holds the rows of the variables before it in the sequence (a later one has no rows yet).
   * Example: `{ carted: (c) => c.event_type.eq('add_to_cart') }`.
   */
  readonly define: { readonly [P in V]: (row: RowOf<Source<Cols>['columns']>, matched: MatchedRows<Source<Cols>['columns'], V, AbsentVariables<S>>) => Condition };
  /**
   * The variables in order, each matching consecutive rows of the entity (strict contiguity: a row
   * that fits no variable where it stands breaks the match). Example:
   * `['viewed', 'carted', zeroOrMore('browsing'), 'left']`. It must end with a variable matching
   * exactly one row (or a reluctant quantifier): Flink cannot end a pattern greedily.
   */
  readonly sequence: S;
  /**
   * How long a match may take from its first row to its last. Required: a partial match waits for
   * its next row otherwise for ever, and MATCH_RECOGNIZE ignores the state TTL.
   */
  readonly within: Duration;
  /** Output columns of each match. Example: `({ carted }) => ({ carted_at: carted.event_time })`. */
  readonly measures: (matched: MatchedRows<Source<Cols>['columns'], V, AbsentVariables<S>>) => M;
  /** The order rows are matched in: event time (default, the watermarked rowtime) or arrival. */
  readonly time?: WindowTime;
  readonly sinkStream?: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

export interface PatternJob<Row = unknown> extends SingleSourceJob<Row> {
  readonly jobType: 'pattern';
  readonly partitionBy: string;
  readonly sequence: readonly { readonly variable: string; readonly quantifier?: Quantifier }[];
  readonly define: readonly (readonly [string, Condition])[];
  readonly measures: readonly (readonly [string, Measure])[];
  readonly within: ParsedDuration;
  readonly time: WindowTime;
}

/**
 * Finds a sequence of rows per entity with MATCH_RECOGNIZE and emits one row per match: say which
 * rows each variable matches (`define`), their order (`sequence`) and what a match reports
 * (`measures`). A row takes part in one match at most (AFTER MATCH SKIP PAST LAST ROW).
 *
 * ```ts
 * export const v1 = pattern({
 *   from: clicks,
 *   partitionBy: 'user_id',
 *   define: {
 *     carted: (c) => c.event_type.eq('add_to_cart'),
 *     browsing: (c, { carted }) => and(c.event_type.ne('purchase'), c.event_time.lt(addDuration(carted.event_time, '30 min'))),
 *     back: (c, { carted }) => c.event_time.ge(addDuration(carted.event_time, '30 min')),
 *   },
 *   sequence: ['carted', zeroOrMore('browsing'), 'back'],
 *   within: '1 d',
 *   measures: ({ carted, browsing }) => ({ carted_at: carted.event_time, clicks_after: count(browsing.event_id) }),
 * });
 * ```
 * prints `` FROM `clicks` MATCH_RECOGNIZE (PARTITION BY `user_id` ORDER BY `event_time` MEASURES
 * `carted`.`event_time` AS `carted_at`, COUNT(`browsing`.`event_id`) AS `clicks_after` ... PATTERN
 * (`carted` `browsing`* `back`) WITHIN INTERVAL '1' DAY DEFINE `carted` AS ..., ...) AS `matched` ``.
 */
export function pattern<
  const Cols extends Columns,
  const K extends keyof Cols & string,
  const V extends string,
  const S extends readonly [Step<NoInfer<V>>, ...Step<NoInfer<V>>[]],
  const M extends Measures,
>(spec: PatternSpec<Cols, K, V, S, M>): PatternJob<PatternRow<Cols, K, M>> {
  const partitionType = spec.from.columns[spec.partitionBy] as ColumnType<unknown> | undefined;
  if (partitionType === undefined) throw new ColumnError(`partitionBy '${spec.partitionBy}' is not a column of source '${spec.from.name}'`);
  const defined = Object.keys(spec.define);
  const sequence = sequenceTerms(spec.sequence, defined);
  const order = sequence.map((term) => term.variable);
  const mayBeAbsent = new Set(sequence.filter((term) => term.quantifier?.min === 0).map((term) => term.variable));
  const columns = spec.from.columns;
  const matched = matchedRows(columns, order, mayBeAbsent) as MatchedRows<Source<Cols>['columns'], V, AbsentVariables<S>>;
  const conditions = spec.define as Record<string, PatternSpec<Cols, K, V, S, M>['define'][V]>;
  const define = order.map((variable) => {
    // sequenceTerms checked that every variable has a condition.
    const condition = conditions[variable] as NonNullable<(typeof conditions)[string]>;
    const expression = condition(rowOf(columns, variable), matched);
    checkConditionOrder(variable, expression, order);
    return [variable, expression] as const;
  });
  const measures = Object.entries(spec.measures(matched));
  checkMeasures(measures);
  const outputColumns: (readonly [string, ColumnType<unknown>])[] = [
    [spec.partitionBy, partitionType],
    ['feature_set', t.string()],
    ...measures.map(([name, measure]) => [name, measure.type as ColumnType<unknown>] as const),
  ];
  checkUniqueColumns(outputColumns);
  return Object.freeze({
    kind: 'job',
    jobType: 'pattern',
    source: spec.from,
    partitionKey: [spec.partitionBy],
    partitionBy: spec.partitionBy,
    sequence,
    define,
    measures,
    within: parseDuration(spec.within, 'pattern within'),
    time: spec.time ?? 'event',
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as PatternRow<Cols, K, M>,
  });
}
