/**
 * The enricher's Redis lookups against the local Redis Cluster (three masters, cluster mode, as
 * ElastiCache Serverless is), with keys that hash to slots on different nodes: a single MGET over
 * them is refused (CROSSSLOT), so a batch's lookups must go slot by slot to the right node; and a
 * client that cannot (standalone, on a cluster) must fail visibly, never as "no reference data".
 */
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ReferenceLookup } from '../../enricher/reference-lookup.js';

const TABLES = { zip_codes: { keyPrefix: 'zip:' }, ip_metadata: { keyPrefix: 'ip:' } };
const ZIPS = ['10001', '94103', '60601', '73301', '02108'];

describe('ReferenceLookup on a Redis Cluster (keys on several nodes)', () => {
  const { nodes } = inject('services')['redis-cluster'];
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = new Cluster(nodes.map((node) => ({ host: node.host, port: node.port })));
    for (const zip of ZIPS) await cluster.set(`zip:${zip}`, JSON.stringify({ zip }));
    await cluster.set('ip:10.0.0.1', JSON.stringify({ asn: 64512 }));
  });

  afterAll(() => {
    cluster.disconnect();
  });

  it('the keys of one batch fall in slots served by different masters, and one MGET over them is refused (CROSSSLOT)', async () => {
    // Prepare
    const slots = new Set(ZIPS.map((zip) => calculateSlot(`zip:${zip}`)));
    const masters = new Set((await cluster.call('CLUSTER', 'SHARDS')) as unknown[]).size;

    // Act
    const mget = cluster.mget(...ZIPS.map((zip) => `zip:${zip}`));

    // Assess
    expect(slots.size).toBe(ZIPS.length);
    expect(masters).toBe(3);
    await expect(mget).rejects.toThrow(/CROSSSLOT/);
  });

  it('answers every key of a batch fresh with a cluster client: one MGET per slot, each to its node', async () => {
    // Prepare
    const lookups = new ReferenceLookup(cluster, TABLES, { budgetMs: 1_000, cacheEntries: 100, cacheTtlMs: 60_000 });

    // Act
    const results = await lookups.lookup({ zip_codes: [...ZIPS, '00000'], ip_metadata: ['10.0.0.1'] });

    // Assess
    expect(Object.fromEntries(results.get('zip_codes') ?? [])).toEqual({
      ...Object.fromEntries(ZIPS.map((zip) => [zip, { status: 'fresh', value: { zip } }])),
      '00000': { status: 'missing', reason: 'not in the reference data' },
    });
    expect(results.get('ip_metadata')?.get('10.0.0.1')).toEqual({ status: 'fresh', value: { asn: 64512 } });
  });

  it('a standalone client on a cluster node fails visibly: every key carries the Redis error, none passes as absent data', async () => {
    // Prepare
    const [first] = nodes;
    if (first === undefined) throw new Error('no cluster node');
    const standalone = new Redis({ host: first.host, port: first.port, maxRetriesPerRequest: 1 });
    const lookups = new ReferenceLookup(standalone, TABLES, { budgetMs: 1_000, cacheEntries: 100, cacheTtlMs: 60_000 });

    // Act
    const results = await lookups.lookup({ zip_codes: ZIPS });
    standalone.disconnect();

    // Assess
    const zips = [...(results.get('zip_codes')?.values() ?? [])];
    expect(zips).toHaveLength(ZIPS.length);
    for (const result of zips) expect(result).toMatchObject({ status: 'missing', redisError: expect.stringMatching(/CROSSSLOT|MOVED/) as unknown });
  });
});
