/**
 * Reference data for the records of one Lambda batch (zip-code metadata, IP metadata), from Redis in
 * one round trip per node: one MGET per hash slot the keys fall in. A standalone server gets them all
 * in one pipeline; a Redis Cluster (ElastiCache Serverless is one) refuses an MGET over keys of
 * different slots (CROSSSLOT), so there each slot's MGET goes to the node that serves it, all at once.
 * A bounded in-process LRU cache with a TTL keeps what Redis answered; when Redis is down, refuses,
 * or is slower than the batch's time budget, the cache answers instead (stale entries included).
 * Every key says where its value came from: fresh, cached or missing, and a Redis failure is never
 * silent: its results carry `redisError`, which the enricher counts (LookupsFailed) and logs.
 */
import calculateSlot from 'cluster-key-slot';
import { Cluster, type Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { ReferenceTable } from '../sql/dsl/reference-table.js';

export interface ReferenceTableSpec {
  /** Keys live at `keyPrefix + key`, one JSON value each (what local/reference-data.ts loads). */
  readonly keyPrefix: string;
}

/** The spec of a reference table the jobs declare with a Redis store (jobs/sources.ts): one definition of where its rows live. */
export function redisTableSpec(table: ReferenceTable): ReferenceTableSpec {
  if (table.store.kind !== 'redis') throw new Error(`reference table '${table.name}' is not stored in Redis`);
  return { keyPrefix: table.store.keyPrefix };
}

export type LookupResult =
  | { readonly status: 'fresh'; readonly value: unknown }
  /** Redis could not answer in time; this is the last value it gave for the key. */
  | { readonly status: 'cached'; readonly value: unknown; readonly reason: string; readonly redisError: string }
  /** Not in the reference data, or (with `redisError`) Redis failed and the cache had nothing. */
  | { readonly status: 'missing'; readonly reason: string; readonly redisError?: string };

export interface LookupSettings {
  /** How long one batch may wait for Redis before the cache answers. */
  readonly budgetMs: number;
  readonly cacheEntries: number;
  /** Past this age a cached value is not used while Redis answers; it still serves when Redis is down. */
  readonly cacheTtlMs: number;
}

export const DEFAULT_LOOKUP_SETTINGS: LookupSettings = { budgetMs: 20, cacheEntries: 100_000, cacheTtlMs: 10 * 60_000 };

export class ReferenceLookup<T extends string> {
  private readonly cache: LRUCache<string, { value: unknown }>;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly tables: Readonly<Record<T, ReferenceTableSpec>>,
    private readonly settings: LookupSettings = DEFAULT_LOOKUP_SETTINGS,
  ) {
    this.cache = new LRUCache({ max: settings.cacheEntries, ttl: settings.cacheTtlMs, allowStale: true });
  }

  /** Looks up every key of every table at once; never throws: Redis failures become cached or missing. */
  async lookup(keys: Readonly<Partial<Record<T, readonly string[]>>>): Promise<Map<T, Map<string, LookupResult>>> {
    const wanted = (Object.keys(this.tables) as T[])
      .map((table) => ({ table, keys: [...new Set(keys[table] ?? [])] }))
      .filter((entry) => entry.keys.length > 0);
    const results = new Map<T, Map<string, LookupResult>>(wanted.map(({ table }) => [table, new Map()]));
    if (wanted.length === 0) return results;
    let answers: (string | null)[][] | undefined;
    let failure = '';
    try {
      answers = await this.fetch(wanted);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    for (const [position, { table, keys: tableKeys }] of wanted.entries()) {
      const byKey = results.get(table) ?? new Map<string, LookupResult>();
      for (const [index, key] of tableKeys.entries()) {
        const cacheKey = `${this.tables[table].keyPrefix}${key}`;
        if (answers === undefined) {
          const cached = this.cache.get(cacheKey, { allowStale: true });
          byKey.set(
            key,
            cached === undefined
              ? { status: 'missing', reason: `Redis unavailable (${failure}) and not cached`, redisError: failure }
              : { status: 'cached', value: cached.value, reason: `Redis unavailable (${failure})`, redisError: failure },
          );
          continue;
        }
        const raw = answers[position]?.[index] ?? null;
        if (raw === null) {
          byKey.set(key, { status: 'missing', reason: 'not in the reference data' });
          continue;
        }
        try {
          const value: unknown = JSON.parse(raw);
          this.cache.set(cacheKey, { value });
          byKey.set(key, { status: 'fresh', value });
        } catch {
          byKey.set(key, { status: 'missing', reason: `the value at ${cacheKey} is not JSON` });
        }
      }
    }
    return results;
  }

  /** Each table's values in its keys' order: one MGET per (table, hash slot), bounded by the batch's budget. */
  private async fetch(wanted: readonly { readonly table: T; readonly keys: readonly string[] }[]): Promise<(string | null)[][]> {
    const groups: { readonly table: number; readonly indexes: number[]; readonly keys: string[] }[] = [];
    // A standalone server takes any keys in one MGET: one group per table.
    const slotOf = this.redis instanceof Cluster ? calculateSlot : () => 0;
    wanted.forEach(({ table, keys }, tableIndex) => {
      const bySlot = new Map<number, { readonly table: number; readonly indexes: number[]; readonly keys: string[] }>();
      keys.forEach((key, index) => {
        const redisKey = `${this.tables[table].keyPrefix}${key}`;
        const slot = slotOf(redisKey);
        let group = bySlot.get(slot);
        if (group === undefined) {
          group = { table: tableIndex, indexes: [], keys: [] };
          bySlot.set(slot, group);
          groups.push(group);
        }
        group.indexes.push(index);
        group.keys.push(redisKey);
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${String(this.settings.budgetMs)} ms`));
      }, this.settings.budgetMs);
    });
    const executing = this.mgetAll(groups.map((group) => group.keys));
    // Past the budget the answer no longer matters; its failure must not be an unhandled rejection.
    executing.catch(() => undefined);
    try {
      const replies = await Promise.race([executing, budget]);
      const values = wanted.map(({ keys }) => new Array<string | null>(keys.length).fill(null));
      groups.forEach((group, position) => {
        const reply = replies[position] ?? [];
        group.indexes.forEach((index, within) => {
          const tableValues = values[group.table];
          if (tableValues !== undefined) tableValues[index] = reply[within] ?? null;
        });
      });
      return values;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A cluster: each MGET to its slot's node, in parallel. A standalone server: all in one pipeline. */
  private async mgetAll(groups: readonly (readonly string[])[]): Promise<(string | null)[][]> {
    if (this.redis instanceof Cluster) {
      const cluster = this.redis;
      return Promise.all(groups.map((keys) => cluster.mget(...keys)));
    }
    const pipeline = this.redis.pipeline();
    for (const keys of groups) pipeline.mget(...keys);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, reply]) => {
      if (error !== null) throw error;
      return reply as (string | null)[];
    });
  }
}
