import { patternTerm, type Quantifier } from '../ast/match-recognize-node.js';
import { referencedTables } from '../ast/expression-walk.js';
import { ColumnError, JobDefinitionError } from '../errors.js';
import { nullable, t, type ColumnType, type ValueOf } from '../schema/column-types.js';
import { parseDuration, type Duration, type ParsedDuration } from '../schema/duration.js';
import type { Aggregation } from './aggregates.js';
import type { Expr } from './expression.js';
import { checkUniqueColumns, DEFAULT_SINK_STREAM, scalingOf, type SingleSourceJob, type ScalingSpec, type Simplify } from './job-common.js';
import { rowOf, type Columns, type NullableRowOf, type RowOf, type Source } from './source.js';
import type { WindowTime } from './windows.js';

/** A pattern variable with a quantifier; `MaybeAbsent` is true when it may match no row at all. */
export interface PatternStep<V extends string = string, MaybeAbsent extends boolean = boolean> {
  readonly kind: 'pattern-step';
  readonly variable: V;
  readonly quantifier: Quantifier;
  /** Type-only. */
  readonly __maybeAbsent?: MaybeAbsent;
}

/** One element of a sequence: a variable matching exactly one row, or a quantified one. */
export type Step<V extends string> = V | PatternStep<V>;

interface QuantifierOptions {
  /** Match as few rows as possible instead of as many (`*?`, `+?`). */
  readonly reluctant?: boolean;
}

function step<V extends string, A extends boolean>(variable: V, min: number, max: number | undefined, options: QuantifierOptions): PatternStep<V, A> {
  return Object.freeze({ kind: 'pattern-step', variable, quantifier: Object.freeze({ min, max, reluctant: options.reluctant ?? false }) });
}

/** The variable matches one or more consecutive rows (`v+`). */
export function oneOrMore<const V extends string>(variable: V, options: QuantifierOptions = {}): PatternStep<V, false> {
  return step(variable, 1, undefined, options);
}

/** The variable matches any number of consecutive rows, none included (`v*`). */
export function zeroOrMore<const V extends string>(variable: V, options: QuantifierOptions = {}): PatternStep<V, true> {
  return step(variable, 0, undefined, options);
}

/** The variable matches one row or none (`v?`). */
export function optional<const V extends string>(variable: V, options: QuantifierOptions = {}): PatternStep<V, true> {
  return step(variable, 0, 1, options);
}

/** The variable matches from `min` to `max` consecutive rows (`v{2,5}`; no `max`: `v{2,}`). */
export function repeat<const V extends string, const Min extends number>(
  variable: V,
  range: { readonly min: Min; readonly max?: number } & QuantifierOptions,
): PatternStep<V, Min extends 0 ? true : false> {
  const { min, max } = range;
  if (!Number.isInteger(min) || min < 0) throw new JobDefinitionError(`repeat('${variable}'): min must be a whole number >= 0, got ${String(min)}`);
  if (max !== undefined && (!Number.isInteger(max) || max < Math.max(min, 1))) {
    throw new JobDefinitionError(`repeat('${variable}'): max must be a whole number >= min and >= 1, got ${String(max)}`);
  }
  return step(variable, min, max, range);
}

/** The variables of a sequence that may match no row (`zeroOrMore`, `optional`, `repeat` from 0). */
type AbsentVariables<S> = S extends readonly (infer E)[] ? (E extends PatternStep<infer V, true> ? V : never) : never;

/**
 * Each variable's rows as column expressions qualified by the variable (`` `carted`.`price` ``).
 * A plain reference reads the last row the variable matched; aggregates (`count`, `sum`, ...) read
 * all of them. Columns of variables that may match no row are nullable.
 */
export type MatchedRows<Cols extends Columns, V extends string, Absent extends string> = {
  readonly [P in V]: P extends Absent ? NullableRowOf<Cols> : RowOf<Cols>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type AnyExpr = Expr<any>;
type Measure = AnyExpr | Aggregation;
type Measures = Readonly<Record<string, Measure>>;
type MeasureValue<M> = M extends Aggregation<string, infer T> ? T : M extends Expr<infer T> ? T : never;

export type PatternRow<Cols extends Columns, K extends keyof Cols, M extends Measures> = Simplify<
  { readonly [P in K]: ValueOf<Cols[P]> } & { readonly feature_set: string } & { readonly [P in keyof M]: MeasureValue<M[P]> }
>;

type Condition = Expr<boolean | null, 'boolean'>;

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

/** The sequence as terms, checked against the defined variables and Flink's pattern rules. */
function sequenceTerms(sequence: readonly Step<string>[], defined: readonly string[]): PatternJob['sequence'] {
  if (sequence.length === 0) throw new JobDefinitionError('a pattern needs a sequence of at least one variable');
  const terms = sequence.map((item) => (typeof item === 'string' ? { variable: item } : { variable: item.variable, quantifier: item.quantifier }));
  const seen = new Set<string>();
  for (const { variable } of terms) {
    if (!defined.includes(variable)) throw new JobDefinitionError(`sequence: '${variable}' has no condition in define (defined: ${defined.join(', ')})`);
    if (seen.has(variable)) throw new JobDefinitionError(`sequence: '${variable}' appears twice; define a second variable with its own name`);
    seen.add(variable);
  }
  const unused = defined.filter((variable) => !seen.has(variable));
  if (unused.length > 0) throw new JobDefinitionError(`define: ${unused.map((variable) => `'${variable}'`).join(', ')} not in the sequence`);
  // Flink's own rules (its MATCH_RECOGNIZE translation), checked here so compile-jobs names the variable.
  for (const term of terms) {
    const { quantifier } = term;
    if (quantifier?.reluctant === true && quantifier.min === 0 && quantifier.max === 1) {
      throw new JobDefinitionError(`sequence: ${patternTerm(term)} is a reluctant optional variable, which Flink does not support; drop { reluctant: true }`);
    }
  }
  if (terms.every((term) => term.quantifier !== undefined && term.quantifier.min === 0)) {
    throw new JobDefinitionError('sequence: every variable may match no row, so a match could be empty, which Flink does not allow; make one match at least one row');
  }
  terms.slice(1).forEach((term, index) => {
    const before = terms[index];
    if (before?.quantifier !== undefined && isGreedy(before.quantifier) && term.quantifier?.min === 0 && term.quantifier.max === 1) {
      throw new JobDefinitionError(
        `sequence: ${patternTerm(term)} follows ${patternTerm(before)}, and Flink cannot put an optional variable after a greedy one; make ${patternTerm(before)} reluctant or reorder`,
      );
    }
  });
  const last = terms.at(-1);
  if (last?.quantifier !== undefined && isGreedy(last.quantifier)) {
    throw new JobDefinitionError(
      `sequence: it ends with ${patternTerm(last)}, a greedy quantifier; Flink cannot end a pattern greedily: end with a variable matching one row, or make the last one reluctant`,
    );
  }
  return terms;
}

/** Flink matches `?` and `{n}` without a greedy flag; any other quantifier is greedy unless reluctant. */
function isGreedy(quantifier: Quantifier): boolean {
  const optional = quantifier.min === 0 && quantifier.max === 1;
  const exact = quantifier.min === quantifier.max;
  return !quantifier.reluctant && !optional && !exact;
}

/** A condition may read the row it tests and rows matched before it, never a later variable's. */
function checkConditionOrder(variable: string, condition: Condition, order: readonly string[]): void {
  const position = order.indexOf(variable);
  for (const table of referencedTables(condition.node)) {
    if (order.indexOf(table) > position) {
      throw new JobDefinitionError(`define '${variable}': the condition reads '${table}', which comes later in the sequence and has no rows yet`);
    }
  }
}

/** What Flink's MATCH_RECOGNIZE accepts of an aggregate in MEASURES. */
function checkMeasure(name: string, measure: Measure): void {
  if (measure.node.kind !== 'FunctionCallNode') return;
  if (measure.node.distinct) throw new JobDefinitionError(`measure '${name}': DISTINCT aggregates are not supported in MATCH_RECOGNIZE`);
  if (measure.node.filter !== undefined) throw new JobDefinitionError(`measure '${name}': filtered aggregates (.where) are not supported in MATCH_RECOGNIZE; define a variable for the rows instead`);
  if (measure.node.udf) throw new JobDefinitionError(`measure '${name}': ${measure.node.name} is not supported in MATCH_RECOGNIZE`);
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
  const nullableColumns = Object.fromEntries(Object.entries(columns).map(([name, type]) => [name, nullable(type as ColumnType<unknown>)]));
  const matched = Object.fromEntries(order.map((variable) => [variable, rowOf(mayBeAbsent.has(variable) ? nullableColumns : columns, variable)])) as MatchedRows<
    Source<Cols>['columns'],
    V,
    AbsentVariables<S>
  >;
  const conditions = spec.define as Record<string, PatternSpec<Cols, K, V, S, M>['define'][V]>;
  const define = order.map((variable) => {
    // sequenceTerms checked that every variable has a condition.
    const condition = conditions[variable] as NonNullable<(typeof conditions)[string]>;
    const expression = condition(rowOf(columns, variable), matched);
    checkConditionOrder(variable, expression, order);
    return [variable, expression] as const;
  });
  const measures = Object.entries(spec.measures(matched));
  if (measures.length === 0) throw new JobDefinitionError('a pattern job needs at least one measure');
  measures.forEach(([name, measure]) => {
    checkMeasure(name, measure);
  });
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
