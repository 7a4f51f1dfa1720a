/**
 * Where `npm run bench` leaves its results (`bench/results/<name>-<time>.json`, git-ignored) and how to find the
 * newest: the benches write them, `npm run capacity` reads them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-paths.js';

export const BENCH_RESULTS_DIR = join(REPO_ROOT, 'bench/results');

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
