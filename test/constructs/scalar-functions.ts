import {
  between, caseWhen, concat, dateFormat, dayOfMonth, dayOfWeek, eventFeatures, greatest, hourOfDay, isIn, jsonValue, least, length, like, md5, minute, month, nullif, regexpExtract,
  regexpReplace, replace, second, sha256, splitIndex, substring, trim, truncateTo, weekOfYear, year,
} from '../../sql/index.js';
import { clicks } from '../../jobs/sources.js';

/**
 * The scalar functions, one column each, for their job test: each click with parts of its time in several zones,
 * functions of its strings, and comparisons. (Three jobs: one would be a row of some forty columns.)
 */
export const times = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => {
    // An instant that may be NULL (clicks always have one): NULL for a click of type 'no-time'.
    const maybe = caseWhen([[c.event_type.ne('no-time'), c.event_time]], null);
    return {
      event_id: c.event_id,
      hour_ny: hourOfDay(c.event_time, 'America/New_York'),
      hour_utc: hourOfDay(c.event_time, 'UTC'),
      weekday_ny: dayOfWeek(c.event_time, 'America/New_York'),
      minute_kolkata: minute(c.event_time, 'Asia/Kolkata'),
      second_utc: second(c.event_time, 'UTC'),
      day_ny: dayOfMonth(c.event_time, 'America/New_York'),
      month_utc: month(c.event_time, 'UTC'),
      year_auckland: year(c.event_time, 'Pacific/Auckland'),
      year_ny: year(c.event_time, 'America/New_York'),
      week_utc: weekOfYear(c.event_time, 'UTC'),
      week_auckland: weekOfYear(c.event_time, 'Pacific/Auckland'),
      minute_start: truncateTo(c.event_time, 'minute', 'UTC'),
      hour_start: truncateTo(c.event_time, 'hour', 'UTC'),
      day_ny_start: truncateTo(c.event_time, 'day', 'America/New_York'),
      month_kolkata_start: truncateTo(c.event_time, 'month', 'Asia/Kolkata'),
      year_auckland_start: truncateTo(c.event_time, 'year', 'Pacific/Auckland'),
      day_santiago_start: truncateTo(c.event_time, 'day', 'America/Santiago'),
      local_ny: dateFormat(c.event_time, 'yyyy-MM-dd HH:mm:ss EEE', 'America/New_York'),
      utc_millis: dateFormat(c.event_time, "yyyy-MM-dd'T'HH:mm:ss.SSS", 'UTC'),
      maybe_minute: minute(maybe, 'Asia/Kolkata'),
      maybe_hour: hourOfDay(maybe, 'UTC'),
      maybe_day_start: truncateTo(maybe, 'day', 'America/New_York'),
      maybe_date: dateFormat(maybe, 'yyyy-MM-dd', 'America/New_York'),
    };
  },
});

export const strings = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({
    event_id: c.event_id,
    user_page: concat(c.user_id, ':', c.url),
    user_zip: concat(c.user_id, '-', c.zip),
    url_head: substring(c.url, 1, 9),
    url_tail: substring(c.url, 11),
    past_end: substring(c.url, 100, 2),
    url_length: length(c.url),
    zip_trimmed: trim(c.zip),
    short_url: replace(c.url, '/products/', '/p/'),
    product_id: regexpExtract(c.url, '^/products/(\\d+)', 1),
    first_number: regexpExtract(c.url, '\\d+'),
    referrer_host: regexpExtract(c.referrer, '^https?://([^/]+)', 1),
    url_pattern: regexpReplace(c.url, '\\d+', '$N'),
    section: splitIndex(c.url, '/', 1),
    third_part: splitIndex(c.url, '/', 3),
    browser: jsonValue(c.user_agent, '$.browser.name'),
    second_version: jsonValue(c.user_agent, "$['os']['versions'][1]"),
    is_product: like(c.url, '/products/%'),
    is_sale: like(c.url, '%50!%%', { escape: '!' }),
    user_md5: md5(c.user_id),
    ip_sha256: sha256(c.ip),
  }),
});

export const comparisons = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({
    event_id: c.event_id,
    is_cart: isIn(c.event_type, ['add_to_cart', 'purchase']),
    is_round_price: isIn(c.price, [10, 99.5]),
    mid_price: between(c.price, 10, 100),
    upside_down: between(c.price, 100, 10),
    referrer: nullif(c.referrer, ''),
    price_floor: greatest(c.price, 0),
    price_cap: least(c.price, 50, 75.5),
    later_url: greatest(c.url, '/m'),
    first_time: least(c.event_time, c.event_time),
  }),
});
