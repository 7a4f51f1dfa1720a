/** What every bench shares: percentiles of samples, and a results file under bench/results/. */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../local/services/cache-paths.js';

import { percentile } from '../local/pipeline/latency-distribution.js';

export { percentile };

/** p50 and p99 of unsorted samples. */
export function summarize(samples: readonly number[]): { readonly p50: number; readonly p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** The `<name>-<time>.json` files in a results folder, newest first (the time sorts as text); none if it is missing. */
export function resultFiles(folder: string, name: string): string[] {
  try {
    return readdirSync(folder)
      .filter((file) => file.startsWith(`${name}-2`) && file.endsWith('.json'))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

/** Writes `bench/results/<name>-<time>.json` and returns its path. */
export function writeResults(name: string, results: unknown): string {
  const folder = join(REPO_ROOT, 'bench/results');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
