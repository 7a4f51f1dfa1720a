import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { v1 as clickContext } from '../../jobs/click-context.js';
import { zipCodes } from '../../jobs/sources.js';
import { readJsonLines, REFERENCE_DIR } from '../../common/reference-files.js';
import { loadIntoRedis } from '../../local/reference-data.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * Lookup joins against a real Redis and a reference file, through Kinesis: the job tests (jobs/click-context.test.ts)
 * serve reference tables from a file, so the Redis connector is tested here. What the RCF, hop and dedup jobs compute
 * is in their job tests (jobs/*.test.ts). Expected values are worked out by hand.
 */
const { redis: redisEndpoint } = inject('services');
const redis = new Redis(redisEndpoint.url);
const { flink } = flinkHarnessForThisFile({ redisUrl: redisEndpoint.url, referenceDataRoot: pathToFileURL(REFERENCE_DIR).href });
const BASE = Date.parse('2026-11-23T10:00:00Z');

function click(fields: { event_id: string; user_id?: string; url?: string; zip?: string | null; price?: number | null; ts: number; event_type?: string }): Record<string, unknown> {
  return testClick(fields.ts, { user_id: 'u1', session_id: 's1', event_type: 'view', url: '/', ...fields });
}

beforeAll(async () => {
  await loadIntoRedis(redis, zipCodes, readJsonLines(join(REFERENCE_DIR, 'zip-codes.jsonl')));
});

afterAll(() => {
  redis.disconnect();
});

describe('lookup joins against Redis and a reference file on embedded Flink', () => {
  it('lookup join: each click gets its zip code’s metadata from Redis and its page’s category from the reference file', async () => {
    // Prepare: a known zip and page, a click without a zip on the checkout page, and unknown ones.
    const input = [
      click({ event_id: 'known', zip: '10001', url: '/products/1', price: 36, ts: BASE }),
      click({ event_id: 'no-zip', zip: null, url: '/checkout', ts: BASE + 1_000 }),
      click({ event_id: 'unknown', zip: '99999', url: '/nowhere', price: 5, ts: BASE + 2_000 }),
    ];

    // Act
    const rows = await flink.run(clickContext, 'click-context', input, 3);

    // Assess: reference/zip-codes.jsonl has 10001 = New York, NY, 72000, 13000.5; page-categories has
    // /products/1 = product and /checkout = checkout. 36 * 10000 / 72000 = 5.
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    expect(byId.get('known')).toMatchObject({
      city: 'New York', state: 'NY', median_income: 72000, population_density: 13000.5,
      page_category: 'product', is_checkout: false, price: 36, price_per_10k_income: 5,
    });
    expect(byId.get('no-zip')).toMatchObject({ zip: null, city: null, median_income: null, page_category: 'checkout', is_checkout: true, price_per_10k_income: null });
    expect(byId.get('unknown')).toMatchObject({ zip: '99999', city: null, state: null, page_category: null, is_checkout: null, price_per_10k_income: null });
  });

});
