import { join } from 'node:path';
import { Cluster, type Redis } from 'ioredis';
import type { ReferenceTable } from '../sql/dsl/reference-table.js';
import { ipNetworks, zipCodes } from '../jobs/sources.js';
import { readJsonLines, REFERENCE_DIR } from '../common/reference-files.js';

/**
 * Writes a reference table's rows into Redis the way the runner's `redis` table reads them: the row
 * as JSON at `keyPrefix + key`, in one pipelined round trip. Returns how many rows it wrote.
 */
export async function loadIntoRedis(redis: Redis | Cluster, table: ReferenceTable, rows: readonly Record<string, unknown>[]): Promise<number> {
  const { store } = table;
  if (store.kind !== 'redis') throw new Error(`reference table '${table.name}' is not stored in Redis`);
  const entries = rows.map((row) => {
    const key = row[table.key];
    if (typeof key !== 'string' && typeof key !== 'number') throw new Error(`reference table '${table.name}': a row has no '${table.key}': ${JSON.stringify(row)}`);
    return [`${store.keyPrefix}${String(key)}`, JSON.stringify(row)] as const;
  });
  if (redis instanceof Cluster) {
    // A cluster takes a pipeline only over keys of one node: each SET goes to its own.
    const outcomes = await Promise.allSettled(entries.map(([key, value]) => redis.set(key, value)));
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw new Error(`reference table '${table.name}': Redis refused a row: ${String(failed.reason)}`);
    return rows.length;
  }
  const pipeline = redis.pipeline();
  for (const [key, value] of entries) pipeline.set(key, value);
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error !== null);
  if (failed !== undefined) throw new Error(`reference table '${table.name}': Redis refused a row: ${String(failed[0])}`);
  return rows.length;
}

/** The reference tables kept in Redis and the file under reference/ each is seeded from. */
export const REDIS_REFERENCE_FILES: readonly (readonly [ReferenceTable, string])[] = [
  [zipCodes, 'zip-codes.jsonl'],
  [ipNetworks, 'ip-networks.jsonl'],
];

/** Loads every Redis reference table from reference/: what jobs and the enricher look up. Returns rows per table. */
export async function seedReferenceData(redis: Redis | Cluster, referenceDir = REFERENCE_DIR): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [table, file] of REDIS_REFERENCE_FILES) counts[table.name] = await loadIntoRedis(redis, table, readJsonLines(join(referenceDir, file)));
  return counts;
}
