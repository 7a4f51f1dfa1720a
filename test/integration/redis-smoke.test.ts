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

    // Act
    await redis.set(key, JSON.stringify({ zip: '94107', city: 'San Francisco' }), 'PX', 300);
    const before = await redis.get(key);
    const ttl = await redis.pttl(key);
    await sleep(450);
    const after = await redis.get(key);

    // Assess
    expect(JSON.parse(before ?? 'null')).toEqual({ zip: '94107', city: 'San Francisco' });
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    expect(after).toBeNull();
  });
});
