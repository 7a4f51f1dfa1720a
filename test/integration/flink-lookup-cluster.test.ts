import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import calculateSlot from 'cluster-key-slot';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { v1 as clickContext } from '../../jobs/click-context.js';
import { zipCodes } from '../../jobs/sources.js';
import { readJsonLines, REFERENCE_DIR } from '../../common/reference-files.js';
import { loadIntoRedis } from '../../local/reference-data.js';
import { CLUSTER_MASTERS } from '../../local/services/redis-cluster-service.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * The runner's `redis` lookup table against the local Redis Cluster (three masters, cluster mode as
 * ElastiCache Serverless is), compiled with `'mode' = 'cluster'` as the aws target compiles it: the
 * zips of the clicks live on different nodes, and every click gets its zip's metadata.
 */
const { nodes } = inject('services')['redis-cluster'];
const [first] = nodes;
const cluster = new Cluster(nodes.map((node) => ({ host: node.host, port: node.port })));
const { flink } = flinkHarnessForThisFile({ redisUrl: `redis://${first?.host ?? ''}:${String(first?.port ?? 0)}`, redisMode: 'cluster', referenceDataRoot: pathToFileURL(REFERENCE_DIR).href });
const BASE = Date.parse('2026-11-23T10:00:00Z');
const ZIPS = ['10001', '73301', '02108', '60614'];

beforeAll(async () => {
  await loadIntoRedis(cluster, zipCodes, readJsonLines(join(REFERENCE_DIR, 'zip-codes.jsonl')));
});

afterAll(() => {
  cluster.disconnect();
});

describe('lookup join on a Redis Cluster', () => {
  it('each click gets its zip’s metadata though the zips live on different nodes', async () => {
    // Prepare
    // The local cluster gives each of its masters an equal run of the 16384 slots (redis-cluster-service.ts).
    const masterOf = (key: string) => Math.floor(calculateSlot(key) / Math.ceil(16_384 / CLUSTER_MASTERS));
    const input = ZIPS.map((zip, index) => testClick(BASE + index * 1_000, { event_id: `e${String(index)}`, user_id: 'u1', event_type: 'view', url: '/products/1', zip, price: 10 }));

    // Act
    const rows = await flink.run(clickContext, 'click-context', input, ZIPS.length);

    // Assess: reference/zip-codes.jsonl has each of these zips.
    expect(new Set(ZIPS.map((zip) => masterOf(`zip:${zip}`))).size).toBe(3);
    const cities: Record<string, unknown> = Object.fromEntries(rows.map((row) => [String(row.zip), row.city]));
    expect(cities).toEqual({ '10001': 'New York', '73301': 'Austin', '02108': 'Boston', '60614': 'Chicago' });
  });
});
