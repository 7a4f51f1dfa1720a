import { caseNode } from '../ast/case-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { t, type CategoryOf } from '../schema/column-types.js';
import { Expr, type Operand } from './expression.js';
import { checkUniqueColumns, type Simplify } from './job-common.js';
import type { Job } from './job-kinds.js';
import { and, or, times } from './operators.js';
import { rowOf, type ColumnExpr } from './source.js';

/** A job's output row as column expressions, for rules over it. */
export type OutputRowOf<Row> = { readonly [K in keyof Row & string]: ColumnExpr<K, Row[K], CategoryOf<Row[K]>> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type Rules = Readonly<Record<string, Expr<any>>>;
type RuleValues<R extends Rules> = { readonly [P in keyof R]: R[P] extends Expr<infer T> ? T : never };

/** The job with its rules' columns added to its output row. */
export type WithRules<J extends Job, R extends Rules> = Omit<J, 'Row' | 'rules'> & {
  readonly Row: Simplify<J['Row'] & RuleValues<R>>;
  readonly rules: readonly (readonly [string, Expr<unknown>])[];
};

/**
 * Adds columns computed from a job's own output columns, e.g. an anomaly flag from a feature the job
 * computes. The compiler wraps the job's query, `SELECT <job's columns>, <rules> FROM (<job>)`, so a rule may use window and
 * trailing features that the job's own SELECT cannot refer to.
 * @example
 * withRules(job({...}), (row) => ({ bot_like: threshold(row.clicks_zscore_1d, { above: 3 }) }))
 * // prints SELECT `user_id`, ..., `clicks_zscore_1d`, CASE WHEN `clicks_zscore_1d` > 3 THEN TRUE ELSE FALSE END AS `bot_like` FROM (...) AS `features`
 */
export function withRules<J extends Job, const R extends Rules>(job: J, rules: (row: OutputRowOf<J['Row']>) => R): WithRules<J, R> {
  if (job.rules !== undefined) throw new JobDefinitionError('withRules: this job has rules already; give all of them in one withRules call');
  // The copy's table was checked against the columns it had; rules would add columns it never saw.
  if (job.dataLake !== undefined) throw new JobDefinitionError('withRules: this job has a data-lake copy; add the rules first, then withDataLakeCopy');
  const row = rowOf(Object.fromEntries(job.outputColumns)) as unknown as OutputRowOf<J['Row']>;
  const computed = Object.entries(rules(row)) as [string, Expr<unknown>][];
  if (computed.length === 0) throw new JobDefinitionError('withRules: no rules given');
  const outputColumns = [...job.outputColumns, ...computed.map(([name, rule]) => [name, rule.type] as const)];
  checkUniqueColumns(outputColumns);
  return Object.freeze({ ...job, rules: computed, outputColumns }) as unknown as WithRules<J, R>;
}

/** TRUE when the condition holds; FALSE when it fails or is NULL (a rule's column is never NULL). */
function definitely(condition: Expr<boolean | null, 'boolean'>): Expr<boolean, 'boolean'> {
  return new Expr(caseNode([{ when: condition.node, then: literalNode(true) }], literalNode(false)), t.boolean());
}

/**
 * A threshold rule: TRUE when the value is above `above` or below `below` (either or both), FALSE
 * otherwise, a NULL value included (no evidence is no alarm).
 * @example
 * (minute) => ({ unusual_rate: threshold(minute.clicks_zscore_1d, { above: 3, below: -3 }) })
 * // prints CASE WHEN (`clicks_zscore_1d` > 3) OR (`clicks_zscore_1d` < -3) THEN TRUE ELSE FALSE END AS `unusual_rate`
 */
export function threshold(value: Expr<number | null, 'numeric'>, limits: { readonly above?: Operand<'numeric'>; readonly below?: Operand<'numeric'> }): Expr<boolean, 'boolean'> {
  const checks = [...(limits.above === undefined ? [] : [value.gt(limits.above)]), ...(limits.below === undefined ? [] : [value.lt(limits.below)])];
  const [first, ...rest] = checks;
  if (first === undefined) throw new JobDefinitionError('threshold: give `above`, `below` or both');
  return definitely(or(first, ...rest));
}

/**
 * A rate spike: TRUE when the current rate is more than `factor` times its baseline (a column or a
 * constant) and at least `minimum` when given (2 clicks against a baseline of 0.1 is no spike); FALSE
 * otherwise, NULLs included. Example: this minute's clicks against the user's average minute:
 * @example
 * (minute) => ({ rate_spike: rateSpike(minute.clicks, minute.clicks_avg_1d, { factor: 5, minimum: 20 }) })
 * // prints CASE WHEN (`clicks` > (`clicks_avg_1d` * 5)) AND (`clicks` >= 20) THEN TRUE ELSE FALSE END AS `rate_spike`
 */
export function rateSpike(
  current: Expr<number | null, 'numeric'>,
  baseline: Operand<'numeric'>,
  options: { readonly factor: number; readonly minimum?: number },
): Expr<boolean, 'boolean'> {
  if (!(options.factor > 1)) throw new JobDefinitionError(`rateSpike: factor must be more than 1, got ${String(options.factor)}`);
  const spike = current.gt(times(baseline, options.factor));
  return definitely(options.minimum === undefined ? spike : and(spike, current.ge(options.minimum)));
}
