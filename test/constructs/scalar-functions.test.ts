import { createHash } from 'node:crypto';
import { describe, it } from 'vitest';
import { at, instant, jobTest } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { comparisons, strings, times } from './scalar-functions.js';

const timesJob = jobTest(times, import.meta.url);
const stringsJob = jobTest(strings, import.meta.url);
const comparisonsJob = jobTest(comparisons, import.meta.url);

describe('scalar functions, computed by Flink', () => {
  it('gives the parts of an instant in a zone across New York’s summer-time changes, Santiago’s skipped midnight and New Year in Auckland', async () => {
    // Act: 2026 in New York: summer time starts on Sunday 8 March at 07:00 UTC (02:00 EST becomes 03:00 EDT)
    // and ends on Sunday 1 November at 06:00 UTC (02:00 EDT becomes 01:00 EST: 01:00-02:00 happens twice).
    // Auckland is UTC+13 (NZDT) in March, November and on New Year's Day; Kolkata is UTC+05:30 all year.
    const run = await timesJob.run([
      click({ event_id: 'before-spring', ts: at('2026-03-08T06:59:59.500Z') }),
      click({ event_id: 'no-time', event_type: 'no-time', ts: at('2026-03-08T06:59:59.500Z') }),
      click({ event_id: 'spring', ts: at('2026-03-08T07:00:00Z') }),
      click({ event_id: 'spring-afternoon', ts: at('2026-03-08T20:00:00.250Z') }),
      click({ event_id: 'santiago-no-midnight', ts: at('2026-09-06T15:00:00Z') }),
      click({ event_id: 'fall-first-0130', ts: at('2026-11-01T05:30:00Z') }),
      click({ event_id: 'fall-second-0130', ts: at('2026-11-01T06:30:00Z') }),
      click({ event_id: 'new-year', ts: at('2026-12-31T23:30:00Z') }),
    ]);

    // Assess, worked out by hand. Weeks are ISO weeks (Monday to Sunday; 2026 starts on a Thursday, so its week 1
    // starts on Mon 29 Dec 2025): Sun 8 Mar ends week 10, Mon 9 Mar starts week 11, Sun 1 Nov ends week 44, and
    // Thu 31 Dec 2026 and Fri 1 Jan 2027 are in week 53 of 2026. A day in New York starts at 05:00 UTC in winter
    // (EST, -5) and 04:00 in summer (EDT, -4): 8 March started in winter, though most of it is summer time.
    // A month in Kolkata starts at 18:30 UTC the day before; 2026 in Auckland at 11:00 UTC on 31 Dec 2025, 2027 a
    // year later.
    const spring = { day_ny: 8, month_utc: 3, year_auckland: 2026, year_ny: 2026, week_utc: 10, weekday_ny: 1, day_ny_start: instant('2026-03-08T05:00:00Z'), month_kolkata_start: instant('2026-02-28T18:30:00Z'), year_auckland_start: instant('2025-12-31T11:00:00Z') };
    const fall = { day_ny: 1, month_utc: 11, year_auckland: 2026, year_ny: 2026, week_utc: 44, week_auckland: 44, weekday_ny: 1, day_ny_start: instant('2026-11-01T04:00:00Z'), month_kolkata_start: instant('2026-10-31T18:30:00Z'), year_auckland_start: instant('2025-12-31T11:00:00Z') };
    run.expectRows([
      // 06:59:59.5 UTC: 01:59:59 EST, 12:29:59 in Kolkata, 19:59 in Auckland.
      {
        event_id: 'before-spring', ...spring, hour_ny: 1, hour_utc: 6, minute_kolkata: 29, second_utc: 59, week_auckland: 10,
        minute_start: instant('2026-03-08T06:59:00Z'), hour_start: instant('2026-03-08T06:00:00Z'),
        local_ny: '2026-03-08 01:59:59 Sun', utc_millis: '2026-03-08T06:59:59.500',
        maybe_minute: 29, maybe_hour: 6, maybe_day_start: instant('2026-03-08T05:00:00Z'), maybe_date: '2026-03-08',
      },
      // A NULL instant: every part of it is NULL.
      { event_id: 'no-time', hour_ny: 1, maybe_minute: null, maybe_hour: null, maybe_day_start: null, maybe_date: null },
      // 07:00 UTC, half a second later: 03:00 EDT (02:00-03:00 never happens), 12:30 in Kolkata.
      {
        event_id: 'spring', ...spring, hour_ny: 3, hour_utc: 7, minute_kolkata: 30, second_utc: 0, week_auckland: 10,
        minute_start: instant('2026-03-08T07:00:00Z'), hour_start: instant('2026-03-08T07:00:00Z'), local_ny: '2026-03-08 03:00:00 Sun', utc_millis: '2026-03-08T07:00:00.000',
      },
      // 20:00:00.25 UTC: 16:00 EDT, the same New York day (starting 05:00 UTC, not 04:00); already Mon 9 Mar 01:30 in
      // Kolkata and 09:00 in Auckland (week 11 there).
      {
        event_id: 'spring-afternoon', ...spring, hour_ny: 16, hour_utc: 20, minute_kolkata: 30, second_utc: 0, week_auckland: 11,
        minute_start: instant('2026-03-08T20:00:00Z'), hour_start: instant('2026-03-08T20:00:00Z'), local_ny: '2026-03-08 16:00:00 Sun', utc_millis: '2026-03-08T20:00:00.250',
      },
      // Santiago skips midnight on Sun 6 Sep 2026: 23:59:59 on the 5th (UTC-4) is followed by 01:00 (UTC-3). At
      // 15:00 UTC (12:00 there) the day began at its first instant, 01:00 = 04:00 UTC.
      { event_id: 'santiago-no-midnight', day_santiago_start: instant('2026-09-06T04:00:00Z') },
      // 05:30 and 06:30 UTC are both 01:30 in New York (EDT, then EST): the same hour of day and the same day start.
      {
        event_id: 'fall-first-0130', ...fall, hour_ny: 1, hour_utc: 5, minute_kolkata: 0, second_utc: 0,
        minute_start: instant('2026-11-01T05:30:00Z'), hour_start: instant('2026-11-01T05:00:00Z'), local_ny: '2026-11-01 01:30:00 Sun', utc_millis: '2026-11-01T05:30:00.000',
      },
      {
        event_id: 'fall-second-0130', ...fall, hour_ny: 1, hour_utc: 6, minute_kolkata: 0, second_utc: 0,
        minute_start: instant('2026-11-01T06:30:00Z'), hour_start: instant('2026-11-01T06:00:00Z'), local_ny: '2026-11-01 01:30:00 Sun', utc_millis: '2026-11-01T06:30:00.000',
      },
      // 23:30 UTC on Thu 31 Dec: 18:30 in New York (still 2026), Fri 1 Jan 2027 12:30 in Auckland and 05:00 in Kolkata.
      {
        event_id: 'new-year', hour_ny: 18, hour_utc: 23, weekday_ny: 5, minute_kolkata: 0, second_utc: 0, day_ny: 31, month_utc: 12,
        year_auckland: 2027, year_ny: 2026, week_utc: 53, week_auckland: 53,
        minute_start: instant('2026-12-31T23:30:00Z'), hour_start: instant('2026-12-31T23:00:00Z'), day_ny_start: instant('2026-12-31T05:00:00Z'),
        month_kolkata_start: instant('2026-12-31T18:30:00Z'), year_auckland_start: instant('2026-12-31T11:00:00Z'),
        local_ny: '2026-12-31 18:30:00 Thu', utc_millis: '2026-12-31T23:30:00.000',
      },
    ]);
  });

  it('computes the string functions, NULL where an input is NULL, a regex does not match or a part is missing', async () => {
    // Act
    const run = await stringsJob.run([
      click({
        event_id: 'product', url: '/products/123/reviews', zip: ' 10001 ', referrer: 'https://www.google.com/search?q=shoes', ip: '10.0.0.1',
        user_agent: '{"browser":{"name":"Firefox"},"os":{"versions":[13,14]}}',
      }),
      click({ event_id: 'home', url: '/home', zip: null, referrer: null, user_agent: 'Mozilla/5.0 (not JSON)' }),
      click({ event_id: 'sale', user_id: 'u2', url: '/sale/50%-off_now', zip: '  ', referrer: '', user_agent: '{"browser":{"name":"Safari","version":17}}' }),
    ]);

    // Assess: '/products/123/reviews' has 21 characters; from the 11th it is '123/reviews'; split at '/' it is
    // ['', 'products', '123', 'reviews']. The replacement '$N' is text, not a group. The digests are checked
    // against Node's own MD5 and SHA-256 of the same text.
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    run.expectRows([
      {
        event_id: 'product', user_page: 'u1:/products/123/reviews', user_zip: 'u1- 10001 ', url_head: '/products', url_tail: '123/reviews', past_end: '', url_length: 21,
        zip_trimmed: '10001', short_url: '/p/123/reviews', product_id: '123', first_number: '123', referrer_host: 'www.google.com', url_pattern: '/products/$N/reviews',
        section: 'products', third_part: 'reviews', browser: 'Firefox', second_version: '14', is_product: true, is_sale: false, user_md5: md5('u1'), ip_sha256: sha256('10.0.0.1'),
      },
      // Nothing matches the regexes, there is no third part, the user agent is not JSON, zip and referrer are NULL.
      {
        event_id: 'home', user_page: 'u1:/home', user_zip: null, url_head: '/home', url_tail: '', past_end: '', url_length: 5, zip_trimmed: null, short_url: '/home',
        product_id: null, first_number: null, referrer_host: null, url_pattern: '/home', section: 'home', third_part: null, browser: null, second_version: null,
        is_product: false, is_sale: false,
      },
      // '%50!%%' with '!' as escape: a literal '%' after '50'. The document has no os, the referrer is '' (no match).
      {
        event_id: 'sale', user_page: 'u2:/sale/50%-off_now', user_zip: 'u2-  ', url_head: '/sale/50%', url_tail: 'off_now', url_length: 17, zip_trimmed: '',
        product_id: null, first_number: '50', referrer_host: null, url_pattern: '/sale/$N%-off_now', section: 'sale', third_part: null, browser: 'Safari', second_version: null,
        is_product: false, is_sale: true, user_md5: md5('u2'),
      },
    ]);
  });

  it('compares: IN a list, BETWEEN inclusive bounds (never swapped), NULLIF, GREATEST and LEAST, NULL on a NULL input', async () => {
    // Act
    const run = await comparisonsJob.run([
      click({ event_id: 'low-bound', event_type: 'add_to_cart', price: 10, referrer: '', url: '/a' }),
      click({ event_id: 'high-bound', price: 100, referrer: 'https://x.example', url: '/z' }),
      click({ event_id: 'listed', price: 99.5 }),
      click({ event_id: 'negative', event_type: 'purchase', price: -5 }),
      click({ event_id: 'above', price: 100.5 }),
      click({ event_id: 'no-price', price: null, referrer: null }),
    ]);

    // Assess: price_cap is the least of the price, 50 and 75.5; later_url the greater of the url and '/m' ('/home'
    // by default, which sorts before '/m').
    const firstTime = instant('10:00');
    run.expectRows([
      { event_id: 'low-bound', is_cart: true, is_round_price: true, mid_price: true, upside_down: false, referrer: null, price_floor: 10, price_cap: 10, later_url: '/m', first_time: firstTime },
      { event_id: 'high-bound', is_cart: false, is_round_price: false, mid_price: true, upside_down: false, referrer: 'https://x.example', price_floor: 100, price_cap: 50, later_url: '/z' },
      { event_id: 'listed', is_round_price: true, mid_price: true, price_floor: 99.5, price_cap: 50, later_url: '/m' },
      { event_id: 'negative', is_cart: true, is_round_price: false, mid_price: false, upside_down: false, price_floor: 0, price_cap: -5 },
      { event_id: 'above', is_round_price: false, mid_price: false, upside_down: false, price_floor: 100.5, price_cap: 50 },
      { event_id: 'no-price', is_cart: false, is_round_price: null, mid_price: null, upside_down: null, referrer: null, price_floor: null, price_cap: null, first_time: firstTime },
    ]);
  });
});
