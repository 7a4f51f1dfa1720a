import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique-name.js';

describe('Redis (real redis-server)', () => {
  const redis = new Redis(inject('services').redis.url);

  afterAll(async () => {
    await redis.quit();
  });

  it('stores a value with a TTL and forgets it when the TTL passes', async () => {
    // Prepare
    const key = uniqueName('smoke:zip');

    // Act: a TTL long enough that the first read never races it, then one of 1 ms, waited out by polling.
    await redis.set(key, JSON.stringify({ zip: '94107', city: 'San Francisco' }), 'PX', 60_000);
    const before = await redis.get(key);
    const ttl = await redis.pttl(key);
    await redis.pexpire(key, 1);
    let after = await redis.get(key);
    for (let polls = 0; after !== null && polls < 600; polls++) {
      await sleep(50);
      after = await redis.get(key);
    }

    // Assess
    expect(JSON.parse(before ?? 'null')).toEqual({ zip: '94107', city: 'San Francisco' });
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(after).toBeNull();
  });
});
