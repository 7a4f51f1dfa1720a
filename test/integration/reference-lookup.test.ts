/**
 * The enricher's Redis lookups against a redis-server of its own (the shared one must not be killed):
 * one round trip per batch, then kill -9 mid-test (the cache answers, flagged) and a restart on the
 * same port (fresh answers again).
 */
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceLookup } from '../../enricher/reference-lookup.js';
import { freeLoopbackPort } from '../../local/services/free-port.js';
import { killProcessGroupNow, type ManagedProcess } from '../../common/process/managed-process.js';
import { startOwnRedis } from '../support/own-redis-server.js';

describe('ReferenceLookup (real redis-server, killed and restarted)', () => {
  let port: number;
  let server: ManagedProcess | undefined;
  let redis: Redis;
  const folder = mkdtempSync(join(tmpdir(), 'reference-lookup-'));

  const startRedis = async () => {
    server = await startOwnRedis(port, folder);
  };

  const mgetCalls = async () => {
    const stats = await redis.info('commandstats');
    return Number(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1] ?? '0');
  };

  beforeAll(async () => {
    port = await freeLoopbackPort();
    await startRedis();
    redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    // Connection errors while the server is down are expected; ioredis reconnects on its own.
    redis.on('error', () => undefined);
    await redis.set('zip:10001', JSON.stringify({ zip: '10001', city: 'New York' }));
    await redis.set('zip:94103', JSON.stringify({ zip: '94103', city: 'San Francisco' }));
    await redis.set('ip:10.0.0.1', JSON.stringify({ asn: 64512 }));
    await redis.set('zip:broken', '{not json');
  });

  afterAll(async () => {
    redis.disconnect();
    await server?.stop(2_000);
  });

  // A budget far above a loaded machine's round trip: 'fresh' must never mean 'fast enough this time'.
  const lookup = () => new ReferenceLookup(redis, { zip_codes: { keyPrefix: 'zip:' }, ip_metadata: { keyPrefix: 'ip:' } }, { budgetMs: 5_000, cacheEntries: 100, cacheTtlMs: 60_000 });

  it('answers every key of a batch in one round trip: one MGET per table, in one pipeline', async () => {
    // Prepare
    const lookups = lookup();
    const before = await mgetCalls();

    // Act
    const results = await lookups.lookup({ zip_codes: ['10001', '94103', '10001', '00000', 'broken'], ip_metadata: ['10.0.0.1'] });

    // Assess
    expect((await mgetCalls()) - before).toBe(2);
    expect(Object.fromEntries(results.get('zip_codes') ?? [])).toEqual({
      '10001': { status: 'fresh', value: { zip: '10001', city: 'New York' } },
      '94103': { status: 'fresh', value: { zip: '94103', city: 'San Francisco' } },
      '00000': { status: 'missing', reason: 'not in the reference data' },
      broken: { status: 'missing', reason: 'the value at zip:broken is not JSON' },
    });
    expect(results.get('ip_metadata')?.get('10.0.0.1')).toEqual({ status: 'fresh', value: { asn: 64512 } });
  });

  it('with Redis killed: cached keys answer from the cache, flagged; others are missing; after a restart, fresh again', async () => {
    // Prepare
    const lookups = lookup();
    await lookups.lookup({ zip_codes: ['10001'] });

    // Act
    if (server !== undefined) killProcessGroupNow(server.pid);
    await server?.exited;
    const whileDown = await lookups.lookup({ zip_codes: ['10001', '94103'] });
    await startRedis();
    await redis.set('zip:94103', JSON.stringify({ zip: '94103', city: 'San Francisco' }));
    const afterRestart = await lookups.lookup({ zip_codes: ['94103'] });

    // Assess
    const down = whileDown.get('zip_codes');
    expect(down?.get('10001')).toMatchObject({ status: 'cached', value: { zip: '10001', city: 'New York' }, reason: expect.stringMatching(/^Redis unavailable/) as unknown });
    expect(down?.get('94103')).toMatchObject({ status: 'missing', reason: expect.stringMatching(/^Redis unavailable .* and not cached$/) as unknown });
    expect(afterRestart.get('zip_codes')?.get('94103')).toEqual({ status: 'fresh', value: { zip: '94103', city: 'San Francisco' } });
  });
});
