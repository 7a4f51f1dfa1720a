import { JobDefinitionError } from '../errors.js';
import type { Expr } from './expression.js';
import type { Job } from './job-kinds.js';
import type { OutputRowOf } from './rules.js';
import { rowOf } from './source.js';

/**
 * Keeps only the output rows for which `condition` holds (a NULL condition drops the row, as WHERE
 * does), over the job's output columns, rules included: e.g. only the minutes a rule flags. The
 * compiler wraps the job's query, `SELECT <columns> FROM (<job>) AS kept WHERE <condition>`, so the
 * condition may use window features and rules that the job's own `where` (over its input) cannot.
 * @example
 * keepRows(withRules(perMinute, (m) => ({ spike: rateSpike(m.clicks, m.clicks_avg_1d, { factor: 5, minimum: 20 }) })), (m) => m.spike)
 * // prints SELECT `user_id`, ..., `spike` FROM (...) AS `kept` WHERE `spike`
 */
export function keepRows<J extends Job>(job: J, condition: (row: OutputRowOf<J['Row']>) => Expr<boolean | null, 'boolean'>): J {
  if (job.keepRowsWhere !== undefined) throw new JobDefinitionError('keepRows: this job keeps rows by a condition already; give one condition, joined with and(...)');
  // The copy's rows are the sink's: a filter added after it would leave the copy with rows the stream lacks.
  if (job.dataLake !== undefined) throw new JobDefinitionError('keepRows: this job has a data-lake copy; keep rows first, then withDataLakeCopy');
  const row = rowOf(Object.fromEntries(job.outputColumns)) as unknown as OutputRowOf<J['Row']>;
  return Object.freeze({ ...job, keepRowsWhere: condition(row) });
}
