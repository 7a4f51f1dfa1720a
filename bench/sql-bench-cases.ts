/**
 * The jobs `npm run bench:sql` measures, and how their hand-written baseline replaces the compiled
 * INSERT: same tables, same settings, only the query differs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v1 as urlTraffic } from '../jobs/url-traffic.js';
import { v1 as userActivity } from '../jobs/user-activity.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import type { SingleSourceJobKind } from '../sql/dsl/job-kinds.js';

export interface BenchCase {
  readonly name: 'url-traffic' | 'user-activity';
  readonly job: SingleSourceJobKind;
}

export const BENCH_CASES: readonly BenchCase[] = [
  { name: 'url-traffic', job: urlTraffic },
  { name: 'user-activity', job: userActivity },
];

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
