import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { v1 as clickContext } from '../../jobs/click-context.js';
import { v1 as clickDedupe } from '../../jobs/click-dedupe.js';
import { v1 as priceAnomaly } from '../../jobs/price-anomaly.js';
import { zipCodes } from '../../jobs/sources.js';
import { v1 as urlTraffic } from '../../jobs/url-traffic.js';
import { readJsonLines, REFERENCE_DIR } from '../../common/reference-files.js';
import { loadIntoRedis } from '../../local/reference-data.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * The job kinds beyond the first E2E file: lookup joins against a real Redis and a reference file,
 * the Random Cut Forest UDF, a hop window and deduplication. Expected values are worked out by hand.
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

describe('lookup joins, RCF, hop windows and dedup on embedded Flink', () => {
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

  it('RCF_SCORE: NULL while a user’s forest warms up, low for ordinary prices, high for an outlier', async () => {
    // Prepare: 60 purchases by u1 at 38..42 within one hour, then one at 900; a later click by u2
    // moves the watermark past them all (its price is NULL, so the job filters it out).
    const ordinary = Array.from({ length: 60 }, (_, i) => click({ event_id: `p${i}`, price: 38 + ((i * 7) % 5), ts: BASE + i * 30_000 }));
    const outlier = click({ event_id: 'outlier', price: 900, ts: BASE + 60 * 30_000 });
    const sentinel = click({ event_id: 'sentinel', user_id: 'u2', ts: BASE + 3 * 3_600_000 });

    // Act
    const rows = await flink.run(priceAnomaly, 'price-anomaly', [...ordinary, outlier, sentinel], 61);

    // Assess: the runner scores a point before learning it, and only after 32 points (RcfAccumulator.WARM_UP).
    const scores = new Map(rows.map((row) => [row.event_id, row.price_anomaly_score as number | null]));
    expect(rows).toHaveLength(61);
    expect(ordinary.slice(0, 32).map((row) => scores.get(row.event_id as string))).toEqual(Array(32).fill(null));
    const warm = ordinary.slice(32).map((row) => scores.get(row.event_id as string) ?? Number.NaN);
    expect(Math.max(...warm)).toBeLessThan(2);
    expect(Math.min(...warm)).toBeGreaterThan(0);
    expect(scores.get('outlier')).toBeGreaterThan(2.5);
  });

  it('hop window: views and users per page over one minute, every 30 seconds', async () => {
    // Prepare: /a at 10:00:10 (u1), 10:00:40 (u2), 10:00:50 (u1, a purchase of 20); a later click closes the windows.
    const input = [
      click({ event_id: 'a1', url: '/a', ts: BASE + 10_000 }),
      click({ event_id: 'a2', user_id: 'u2', url: '/a', ts: BASE + 40_000 }),
      click({ event_id: 'a3', url: '/a', event_type: 'purchase', price: 20, ts: BASE + 50_000 }),
      click({ event_id: 'late-closer', user_id: 'u3', url: '/z', ts: BASE + 10 * 60_000 }),
    ];

    // Act
    const rows = await flink.run(urlTraffic, 'url-traffic', input, 3);

    // Assess: windows of /a: [09:59:30, 10:00:30) holds a1; [10:00:00, 10:01:00) holds all three;
    // [10:00:30, 10:01:30) holds a2 and a3.
    const windows = rows
      .filter((row) => row.url === '/a')
      .map((row) => [row.window_start, row.event_count_1m, row.user_id_count_distinct_1m, row.revenue_1m])
      .sort();
    expect(windows).toEqual([
      ['2026-11-23T09:59:30', 1, 1, null],
      ['2026-11-23T10:00:00', 3, 2, 20],
      ['2026-11-23T10:00:30', 2, 2, 20],
    ]);
  });

  it('dedup: a repeated event id passes once, the first copy to arrive', async () => {
    // Prepare: e1 three times (the copies differ in url so the first is recognisable), e2 once.
    const input = [
      click({ event_id: 'e1', url: '/first', ts: BASE }),
      click({ event_id: 'e2', url: '/other', ts: BASE + 1_000 }),
      click({ event_id: 'e1', url: '/second', ts: BASE + 2_000 }),
      click({ event_id: 'e1', url: '/third', ts: BASE + 3_000 }),
    ];

    // Act
    const rows = await flink.run(clickDedupe, 'click-dedupe', input, 2);

    // Assess
    expect(rows.map((row) => [row.event_id, row.url]).sort()).toEqual([
      ['e1', '/first'],
      ['e2', '/other'],
    ]);
  });
});
