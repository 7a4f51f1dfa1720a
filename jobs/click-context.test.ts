import { describe, expect, it } from 'vitest';
import { at, instant, jobTest, referenceRows, watermark } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { v1 } from './click-context.js';
import { pageCategories, zipCodes } from './sources.js';

const context = jobTest(v1, import.meta.url);

/** Reference rows as in reference/: Manhattan's 10001 and a checkout page, plus areas without an income or with none. */
const references = [
  referenceRows(zipCodes, [
    { zip: '10001', city: 'New York', state: 'NY', median_income: 80_000, population_density: 13_000.5 },
    { zip: '94103', city: 'San Francisco', state: 'CA', median_income: null, population_density: null },
    { zip: '00000', city: 'Nowhere', state: 'XX', median_income: 0, population_density: 0 },
  ]),
  referenceRows(pageCategories, [
    { url: '/checkout', category: 'checkout', is_checkout: true },
    { url: '/home', category: 'home', is_checkout: false },
  ]),
];

describe('click-context.v1: each click with its zip code’s area and its page’s category', () => {
  it('gives a click whose zip and page are known their reference columns, and its price per 10k of the area’s income', async () => {
    // Act
    const run = await context.run([click({ event_id: 'e1', event_type: 'purchase', url: '/checkout', zip: '10001', price: 120, ts: at('10:00') })], { references });

    // Assess: 120 * 10,000 / 80,000 = 15.
    run.expectRows([
      {
        user_id: 'u1',
        feature_set: 'click-context.v1',
        event_id: 'e1',
        event_type: 'purchase',
        event_time: instant('10:00'),
        zip: '10001',
        city: 'New York',
        state: 'NY',
        median_income: 80_000,
        population_density: 13_000.5,
        page_category: 'checkout',
        is_checkout: true,
        price: 120,
        price_per_10k_income: 15,
      },
    ]);
  });

  it('still gives a row, with NULL area columns, for a zip the table does not have or a click without zip', async () => {
    // Act
    const run = await context.run([click({ event_id: 'unknown-zip', url: '/home', zip: '99999', price: 50 }), click({ event_id: 'no-zip', url: '/home', zip: null, price: 50 })], { references });

    // Assess: the page lookup of the same click still hits.
    const noArea = { city: null, state: null, median_income: null, population_density: null, price_per_10k_income: null };
    run.expectRows([
      { event_id: 'unknown-zip', zip: '99999', ...noArea, page_category: 'home', is_checkout: false, price: 50 },
      { event_id: 'no-zip', zip: null, ...noArea, page_category: 'home', is_checkout: false, price: 50 },
    ]);
  });

  it('still gives a row, with NULL page columns, for a page the table does not have', async () => {
    // Act
    const run = await context.run([click({ event_id: 'e1', url: '/new-page', zip: '10001', price: 40 })], { references });

    // Assess: the area still joins: 40 * 10,000 / 80,000 = 5.
    run.expectRows([{ event_id: 'e1', city: 'New York', median_income: 80_000, page_category: null, is_checkout: null, price_per_10k_income: 5 }]);
  });

  it('has no price per 10k of income when the area’s income is unknown or zero, or the click has no price', async () => {
    // Act
    const run = await context.run(
      [
        click({ event_id: 'income-null', zip: '94103', price: 100 }),
        click({ event_id: 'income-zero', zip: '00000', price: 100 }),
        click({ event_id: 'no-price', zip: '10001', price: null }),
      ],
      { references },
    );

    // Assess: a zero income divides to NULL, as an unknown one does; NULL price * 10,000 / 80,000 is NULL.
    run.expectRows([
      { event_id: 'income-null', city: 'San Francisco', median_income: null, population_density: null, price_per_10k_income: null },
      { event_id: 'income-zero', city: 'Nowhere', median_income: 0, price_per_10k_income: null },
      { event_id: 'no-price', city: 'New York', median_income: 80_000, price_per_10k_income: null },
    ]);
  });

  it('misses every lookup when the run is given no reference rows, and still gives each click its row', async () => {
    // Act
    const run = await context.run([click({ event_id: 'e1', url: '/checkout', zip: '10001', price: 120 })]);

    // Assess
    run.expectRows([{ event_id: 'e1', zip: '10001', city: null, state: null, median_income: null, population_density: null, page_category: null, is_checkout: null, price: 120, price_per_10k_income: null }]);
  });

  it('looks a click up as it arrives, without waiting for the watermark to reach its event time', async () => {
    // Act
    const run = await context.run([click({ event_id: 'e1', zip: '10001', ts: at('10:00') }), watermark('10:30')], { references });

    // Assess: the row is there before the watermark its own arrival caused (10:00 - 5 s = 09:59:55).
    run.expectRowsEmittedAt('09:59:55', [{ event_id: 'e1', city: 'New York' }]);
    run.expectRowsEmittedAt('10:30', []);
    run.expectRowsEmittedAt('end', []);
  });

  it('looks up and passes on a click that arrives behind the watermark', async () => {
    // Act: the watermark is at 11:00 when the click of 10:30 arrives.
    const run = await context.run([click({ event_id: 'e1', zip: '10001', ts: at('10:00') }), watermark('11:00'), click({ event_id: 'late', url: '/checkout', zip: '10001', price: 8, ts: at('10:30') })], { references });

    // Assess: a lookup join does not look at event time: 8 * 10,000 / 80,000 = 1.
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late']);
    run.expectRows([
      { event_id: 'e1', city: 'New York' },
      { event_id: 'late', event_time: instant('10:30'), city: 'New York', page_category: 'checkout', is_checkout: true, price_per_10k_income: 1 },
    ]);
  });
});
