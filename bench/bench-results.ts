/** What every bench shares: percentiles of samples, and a results file under bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_RESULTS_DIR } from '../common/bench-results-folder.js';

import { percentile } from '../local/pipeline/latency-distribution.js';

export { percentile };
export { resultFiles } from '../common/bench-results-folder.js';

/** p50 and p99 of unsorted samples. */
export function summarize(samples: readonly number[]): { readonly p50: number; readonly p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Writes `bench/results/<name>-<time>.json` and returns its path. */
export function writeResults(name: string, results: unknown): string {
  const folder = BENCH_RESULTS_DIR;
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
