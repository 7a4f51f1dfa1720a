/** The repository's reference data (reference/*.jsonl) and how to read it: shared by the generator, local runs and deploy-jobs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-paths.js';

/** The repository's reference data (reference/*.jsonl): what local runs load into Redis and read as files. */
export const REFERENCE_DIR = join(REPO_ROOT, 'reference');

/** Rows of a JSON-lines file; a line that is not a JSON object is an error naming the file and line. */
export function readJsonLines(path: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [index, line] of readFileSync(path, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    const row: unknown = JSON.parse(line);
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${path}:${index + 1}: not a JSON object`);
    rows.push(row as Record<string, unknown>);
  }
  return rows;
}
