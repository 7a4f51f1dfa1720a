/**
 * The jobs `npm run bench:sql` measures (one per job kind the datagen input can feed, and one per
 * function family), and how their hand-written baseline replaces the compiled INSERT: same tables,
 * same settings, only the query differs.
 *
 * Left out: event features with lookups (`click-context`), which need reference data the bench has
 * no store for. Every join reads its two sides from the one datagen table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v1 as clickDedupe } from '../jobs/click-dedupe.js';
import { v1 as urlTraffic } from '../jobs/url-traffic.js';
import { v1 as userActivity } from '../jobs/user-activity.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import type { Job } from '../sql/dsl/job-kinds.js';
import { cartAbandonment, math, purchaseRecency, strings, timeParts, topPages, userAlerts, userLanding, viewToPurchase } from './sql-bench-jobs.js';

export interface BenchCase {
  /** The case, its hand-written file (bench/handwritten/<name>.sql) and its compiled identity (jobs/<name>.ts, v1). */
  readonly name: string;
  /** What the case stands for: a job kind or a function family. */
  readonly covers: string;
  readonly job: Job;
}

export const BENCH_CASES: readonly BenchCase[] = [
  { name: 'url-traffic', covers: 'windowed aggregation (hop)', job: urlTraffic },
  { name: 'top-n', covers: 'windowed aggregation with top-N', job: topPages },
  { name: 'user-activity', covers: 'event features with a trailing window', job: userActivity },
  { name: 'click-dedupe', covers: 'dedupe', job: clickDedupe },
  { name: 'pattern', covers: 'pattern (MATCH_RECOGNIZE)', job: cartAbandonment },
  { name: 'union', covers: 'union of a pattern and a windowed job', job: userAlerts },
  { name: 'interval-join', covers: 'interval join', job: viewToPurchase },
  { name: 'regular-join', covers: 'regular join with a first-row-per-key table', job: userLanding },
  { name: 'temporal-join', covers: 'temporal join with a latest-row-per-key table', job: purchaseRecency },
  { name: 'time-parts', covers: 'time parts in a non-UTC zone', job: timeParts },
  { name: 'strings', covers: 'string and regexp functions', job: strings },
  { name: 'math', covers: 'arithmetic (divide included) and math functions', job: math },
];

/** The cases `--cases a,b` names, in the bench's order; every case when `names` is undefined. */
export function selectCases(names: string | undefined): readonly BenchCase[] {
  if (names === undefined) return BENCH_CASES;
  const wanted = names.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = wanted.filter((name) => !BENCH_CASES.some((benchCase) => benchCase.name === name));
  if (unknown.length > 0) throw new Error(`--cases: no case ${unknown.join(', ')}; the cases are ${BENCH_CASES.map((benchCase) => benchCase.name).join(', ')}`);
  return BENCH_CASES.filter((benchCase) => wanted.includes(benchCase.name));
}

export type SqlVariant = 'generated' | 'hand-written';

/** The compiled script, or the same script with the hand-written INSERT as its statement set. */
export function benchScript(benchCase: BenchCase, variant: SqlVariant, compiledSql: string): string {
  if (variant === 'generated') return compiledSql;
  // Flink's parser rejects a comment inside EXECUTE STATEMENT SET; the files' comments are for readers.
  const insert = readFileSync(join(REPO_ROOT, 'bench/handwritten', `${benchCase.name}.sql`), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n');
  const start = compiledSql.indexOf('EXECUTE STATEMENT SET');
  if (start < 0) throw new Error(`the compiled ${benchCase.name} script has no EXECUTE STATEMENT SET to replace`);
  return `${compiledSql.slice(0, start)}EXECUTE STATEMENT SET\nBEGIN\n${insert.trim()}\nEND;\n`;
}

/** Rate from a small and a large run of the same script: fixed costs (JVM start, job setup) cancel. */
export function marginalRate(rows: { readonly small: number; readonly large: number }, seconds: { readonly small: number; readonly large: number }): number {
  return (rows.large - rows.small) / (seconds.large - seconds.small);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const upper = sorted.slice(Math.floor(sorted.length / 2));
  const lower = sorted.slice(0, Math.ceil(sorted.length / 2));
  return ((lower.at(-1) ?? Number.NaN) + (upper.at(0) ?? Number.NaN)) / 2;
}
