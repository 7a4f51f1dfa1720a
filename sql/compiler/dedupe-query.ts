import type { SelectNode } from '../ast/select-node.js';
import type { DedupeJob } from '../dsl/dedupe-job.js';
import { rowPerKeyQuery } from './row-per-key-query.js';

/** The first row to arrive per key, the source's declared columns unchanged. */
export function dedupeQuery(job: DedupeJob): SelectNode {
  return rowPerKeyQuery({ table: job.source.name, key: job.key, keep: 'first', columns: job.outputColumns.map(([name]) => name) });
}
