import { describe, expect, expectTypeOf, it } from 'vitest';
import { clicks } from '../../../jobs/sources.js';
import { JobDefinitionError } from '../../../sql/errors.js';
import { printSql } from '../../../sql/printer/sql-printer.js';
import type { Expr } from '../../../sql/dsl/expression.js';
import {
  between, concat, dateFormat, dayOfWeek, eventFeatures, greatest, hourOfDay, isIn, jsonValue, least, length, like, md5, minute, nullif, regexpExtract, regexpReplace, replace, sha256, source,
  splitIndex, substring, t, trim, truncateTo, weekOfYear, year,
} from '../../../sql/index.js';

const c = clicks.row;
const sql = (expression: Expr<unknown>): string => printSql(expression.node);

/** Thrown by `act`, checked to be a JobDefinitionError (what compile-jobs prints as `file: message`). */
function refusal(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(JobDefinitionError);
    return (error as Error).message;
  }
  throw new Error('expected a JobDefinitionError');
}

describe('scalar functions', () => {
  it('type each result by its inputs: null only where an input may be null or the function can give NULL', () => {
    // Act
    const rows = eventFeatures({
      from: clicks,
      partitionBy: 'user_id',
      select: (row) => ({
        minute: minute(row.event_time, 'Asia/Kolkata'),
        year: year(row.event_time, 'UTC'),
        day: truncateTo(row.event_time, 'day', 'America/New_York'),
        local_date: dateFormat(row.event_time, 'yyyy-MM-dd', 'Europe/Berlin'),
        key: concat(row.user_id, ':', row.url),
        key_with_zip: concat(row.user_id, row.zip),
        zip_prefix: substring(row.zip, 1, 3),
        url_length: length(row.url),
        product: regexpExtract(row.url, '/p/(\\d+)', 1),
        section: splitIndex(row.url, '/', 1),
        browser: jsonValue(row.user_agent, '$.browser'),
        is_product: like(row.url, '/p/%'),
        is_cart: isIn(row.event_type, ['add_to_cart']),
        mid_price: between(row.price, 10, 100),
        referrer: nullif(row.referrer, ''),
        price_floor: greatest(row.price, 0),
        first_seen: least(row.event_time, row.event_time),
      }),
    });

    // Assess
    expectTypeOf(rows.Row).toEqualTypeOf<{
      readonly user_id: string;
      readonly feature_set: string;
      readonly minute: number;
      readonly year: number;
      readonly day: string;
      readonly local_date: string;
      readonly key: string;
      readonly key_with_zip: string | null;
      readonly zip_prefix: string | null;
      readonly url_length: number;
      readonly product: string | null;
      readonly section: string | null;
      readonly browser: string | null;
      readonly is_product: boolean;
      readonly is_cart: boolean;
      readonly mid_price: boolean | null;
      readonly referrer: string | null;
      readonly price_floor: number | null;
      readonly first_seen: string;
    }>();
    expect(rows.outputColumns.map(([name, type]) => `${name} ${type.sql}${type.nullable ? '' : ' NOT NULL'}`)).toEqual(expect.arrayContaining(['minute BIGINT NOT NULL', 'url_length INT NOT NULL', 'product STRING', 'is_cart BOOLEAN NOT NULL', 'day TIMESTAMP_LTZ(3) NOT NULL', 'price_floor DOUBLE']));
  });

  it('take only the inputs they are for', () => {
    // @ts-expect-error a number has no characters to count
    expect(() => length(c.price)).toBeDefined();
    // @ts-expect-error a string column's list holds strings
    expect(() => isIn(c.event_type, [1, 2])).toThrow("isIn: 1 is not a string, as the value (STRING) is");
    // @ts-expect-error a number between strings
    expect(() => between(c.price, 'a', 'z')).toBeDefined();
    // @ts-expect-error the largest of a number and a string
    expect(() => greatest(c.price, c.url)).toThrow('greatest: operand 2 is STRING and the first DOUBLE');
    // @ts-expect-error a time part of a string
    expect(() => minute(c.url, 'UTC')).toBeDefined();
    // @ts-expect-error weeks are not a unit to truncate to
    expect(() => truncateTo(c.event_time, 'week', 'UTC')).toThrow("truncateTo: 'week' is not a unit to truncate to; use one of second, minute, hour, day, month, year");
  });

  it('skip the zone conversion in UTC, the session zone, and convert through CONVERT_TZ elsewhere', () => {
    expect(sql(hourOfDay(c.event_time, 'UTC'))).toBe('HOUR(`event_time`)');
    expect(sql(dayOfWeek(c.event_time, 'Etc/UTC'))).toBe('DAYOFWEEK(`event_time`)');
    expect(sql(weekOfYear(c.event_time, 'Asia/Kolkata'))).toBe("WEEK(CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Asia/Kolkata'), 1, 10) AS DATE))");
    expect(sql(hourOfDay(c.event_time, 'Asia/Kolkata'))).toBe("CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Asia/Kolkata'), 12, 2) AS BIGINT)");
    expect(sql(truncateTo(c.event_time, 'minute', 'UTC'))).toBe('CAST(FLOOR(CAST(`event_time` AS TIMESTAMP(3)) TO MINUTE) AS TIMESTAMP_LTZ(3))');
    expect(sql(truncateTo(c.event_time, 'year', 'Pacific/Auckland'))).toBe(
      "CAST(CONVERT_TZ(CONCAT(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Pacific/Auckland'), 1, 4), '-01-01 00:00:00'), 'Pacific/Auckland', 'UTC') AS TIMESTAMP_LTZ(3))",
    );
    expect(sql(truncateTo(c.event_time, 'month', 'UTC'))).toBe('FLOOR(`event_time` TO MONTH)');
    expect(sql(dateFormat(c.event_time, 'HH:mm', 'UTC'))).toBe("DATE_FORMAT(`event_time`, 'HH:mm')");
  });

  it('refuse a time zone Flink would read as GMT without a word: unknown, or spelt in another case', () => {
    expect(refusal(() => minute(c.event_time, 'Mars/Olympus'))).toBe("minute: 'Mars/Olympus' is not an IANA time zone (e.g. 'UTC', 'Europe/Berlin', 'America/New_York')");
    expect(refusal(() => hourOfDay(c.event_time, 'europe/berlin'))).toBe(
      "hourOfDay: 'europe/berlin' is not an IANA time zone (did you mean 'Europe/Berlin'? Flink reads zone names case-sensitively) (e.g. 'UTC', 'Europe/Berlin', 'America/New_York')",
    );
    expect(refusal(() => dateFormat(c.event_time, 'yyyy', 'utc'))).toContain("did you mean 'UTC'?");
    // Aliases Java knows too are fine.
    expect(sql(minute(c.event_time, 'Asia/Calcutta'))).toContain("'Asia/Calcutta'");
    expect(sql(minute(c.event_time, 'US/Eastern'))).toContain("'US/Eastern'");
  });

  it('refuse truncating to an hour or less in a zone other than UTC: the hour that repeats when summer time ends is ambiguous', () => {
    expect(refusal(() => truncateTo(c.event_time, 'hour', 'America/New_York'))).toBe(
      "truncateTo: 'hour' in 'America/New_York' is not supported: Flink finds an instant from a wall clock only through text, which is ambiguous in the hour that repeats when summer time ends; truncate to 'hour' in 'UTC', or to day, month, year in 'America/New_York', or, knowing the trade-off, write the expression in Flink SQL with flinkSql (docs/dsl.md, \"The escape hatch\")",
    );
  });

  it('refuse a date pattern DATE_FORMAT would print otherwise than its docs say, or fail on', () => {
    expect(refusal(() => dateFormat(c.event_time, 'YYYY-MM-dd', 'UTC'))).toMatch(/^dateFormat: the pattern 'YYYY-MM-dd' uses 'Y', which is not a pattern letter here; use y year/);
    expect(refusal(() => dateFormat(c.event_time, 'hh:mm aa', 'UTC'))).toMatch(/^dateFormat: the pattern 'hh:mm aa' has 2 'a' in a row \(at most 1\)/);
    expect(refusal(() => dateFormat(c.event_time, "yyyy-MM-dd'T", 'UTC'))).toMatch(/has a quote at 11 that is never closed/);
    expect(refusal(() => dateFormat(c.event_time, 'yyyy[MM]', 'UTC'))).toMatch(/uses '\[', which Flink's formatter reserves/);
    expect(refusal(() => dateFormat(c.event_time, '', 'UTC'))).toMatch(/^dateFormat: the pattern '' is empty/);
    expect(refusal(() => dateFormat(c.event_time, 'HH:mm:ss.SSS', 'Europe/Berlin'))).toBe(
      "dateFormat: 'HH:mm:ss.SSS' in 'Europe/Berlin' asks for fractions of a second (S), which only 'UTC' has: Flink converts to another zone to the second; format in 'UTC', or, knowing the trade-off, write the expression in Flink SQL with flinkSql (docs/dsl.md, \"The escape hatch\")",
    );
    expect(sql(dateFormat(c.event_time, "yyyy-MM-dd'T'HH 'o''clock' EEE", 'UTC'))).toBe("DATE_FORMAT(`event_time`, 'yyyy-MM-dd''T''HH ''o''''clock'' EEE')");
  });

  it('check a regular expression as Java compiles it, and the group asked for', () => {
    expect(refusal(() => regexpExtract(c.url, '/p/(\\d+', 1))).toBe("regexpExtract: the regular expression '/p/(\\d+' is not valid: Unterminated group");
    expect(refusal(() => regexpExtract(c.url, '/p/(\\d+)', 2))).toBe("regexpExtract: group 2 of '/p/(\\d+)' does not exist; it has 1 group (0 is the whole match)");
    expect(refusal(() => regexpReplace(c.url, '{"a":1}', ''))).toMatch(/^regexpReplace: the regular expression '\{"a":1\}' is not valid: the '\{' at 1 starts no repetition such as \{2\} or \{1,3\}; write \\\{ for the character$/);
    expect(refusal(() => regexpReplace(c.url, '\\q', ''))).toBe("regexpReplace: the regular expression '\\q' is not valid: \\q is not an escape Java knows (write q alone for the letter)");
    expect(refusal(() => regexpReplace(c.url, '[a-z', ''))).toMatch(/is not valid: a character class \[ is never closed/);
    // Java's own syntax passes: inline flags, possessive and atomic groups, \A \z \Q...\E, POSIX classes, nested classes.
    for (const regex of ['(?i)^/p/(\\d++)$', '(?>a|b)\\A\\z', '\\Q{a}\\E', '\\p{Alpha}+[\\p{Digit}_]', '[a-c[x-z]]', '(?<id>\\d{2,})\\k<id>', 'a{3}+']) {
      expect(() => regexpReplace(c.url, regex, 'x'), regex).not.toThrow();
    }
    expect(sql(regexpExtract(c.url, '(?i)/P/(\\d+)', 1))).toBe("REGEXP_EXTRACT(`url`, '(?i)/P/(\\d+)', 1)");
  });

  it('refuse arguments that would give a useless or failing call', () => {
    expect(refusal(() => substring(c.url, 0, 3))).toBe('substring: start (the first character is 1) must be a whole number from 1, got 0');
    expect(refusal(() => substring(c.url, 1, -1))).toBe('substring: length must be a whole number from 0, got -1');
    expect(refusal(() => splitIndex(c.url, '', 0))).toBe('splitIndex: the delimiter is empty; give the text to split at');
    expect(refusal(() => splitIndex(c.url, '/', -1))).toBe('splitIndex: index (the first part is 0) must be a whole number from 0, got -1');
    expect(refusal(() => replace(c.url, '', 'x'))).toBe('replace: the text to search for is empty; give the text to replace');
    expect(refusal(() => isIn(c.event_type, []))).toBe('isIn: the list is empty, so no value is in it; give at least one value');
    expect(refusal(() => like(c.url, '50!', { escape: '!' }))).toBe("like: in '50!', the escape '!' at 3 comes before nothing; it may only come before %, _ or itself");
    expect(refusal(() => like(c.url, '!a%', { escape: '!' }))).toBe("like: in '!a%', the escape '!' at 1 comes before 'a'; it may only come before %, _ or itself");
    expect(refusal(() => like(c.url, '%', { escape: '!!' }))).toBe("like: the escape '!!' must be one character");
    expect(refusal(() => jsonValue(c.user_agent, 'browser.name'))).toBe(
      "jsonValue: the path 'browser.name' does not start with '$' (the document); write e.g. '$.device.os', '$.items[0].sku' or \"$['key with spaces']\"",
    );
    expect(refusal(() => jsonValue(c.user_agent, '$.items[*].sku'))).toMatch(/^jsonValue: the path '\$\.items\[\*\]\.sku' selects several values at '\[\*\]\.sku' \(JSON_VALUE gives one scalar\)/);
  });

  it('keep greatest and least of one type: operands of another SQL type and constants that would widen it are refused', () => {
    const orders = source({ name: 'orders', stream: 'orders', columns: { amount: t.decimal(10, 2), quantity: t.int(), placed_at: t.bigint() }, eventTime: { column: 'placed_at', watermarkDelay: '1 s' } }).row;
    expect(sql(greatest(orders.amount, 5, 12.5))).toBe('GREATEST(`amount`, CAST(5 AS DECIMAL(10, 2)), CAST(12.5 AS DECIMAL(10, 2)))');
    expect(sql(least(orders.quantity, 0))).toBe('LEAST(`quantity`, 0)');
    expect(refusal(() => greatest(orders.amount, 0.125))).toBe("greatest: the constant 0.125 does not fit the operands' type DECIMAL(10, 2); use a constant of that type, or cast the operands");
    expect(refusal(() => greatest(orders.amount, 123_456_789))).toContain('the constant 123456789 does not fit');
    expect(refusal(() => least(orders.quantity, 1.5))).toContain("the constant 1.5 does not fit the operands' type INT");
    expect(refusal(() => least(orders.quantity, orders.placed_at))).toBe("least: operand 2 is BIGINT and the first INT; Flink would widen them to a third type, so cast one (cast(x, 'INT'))");
  });

  it('refuse comparing an instant with a wall-clock TIMESTAMP, which Flink plans but cannot compile', () => {
    // Prepare: `event_time` is a TIMESTAMP_LTZ(3), `shipped_at` a TIMESTAMP(3).
    const shipments = source({ name: 'shipments', stream: 'shipments', columns: { shipped_at: t.timestamp(3), placed_at: t.bigint() }, eventTime: { column: 'placed_at', watermarkDelay: '1 s' } }).row;

    // Act / Assess
    expect(refusal(() => between(shipments.event_time, shipments.shipped_at, shipments.event_time))).toBe(
      "between: compares TIMESTAMP_LTZ(3) with TIMESTAMP(3) with TIMESTAMP_LTZ(3); Flink cannot compare an instant with a wall-clock TIMESTAMP: cast the TIMESTAMP (cast(x, 'TIMESTAMP_LTZ(3)'))",
    );
    expect(refusal(() => nullif(shipments.shipped_at, shipments.event_time))).toContain('nullif: compares TIMESTAMP(3) with TIMESTAMP_LTZ(3)');
    expect(refusal(() => greatest(shipments.shipped_at, shipments.event_time))).toContain('greatest: operand 2 is TIMESTAMP_LTZ(3) and the first TIMESTAMP(3)');
    expect(sql(between(shipments.shipped_at, shipments.shipped_at, shipments.shipped_at))).toBe('(`shipped_at` BETWEEN `shipped_at` AND `shipped_at`)');
  });

  it('print their SQL with every constant quoted', () => {
    expect(sql(concat(c.user_id, "'; DROP", c.url))).toBe("CONCAT(`user_id`, '''; DROP', `url`)");
    expect(sql(like(c.url, "%o'clock%"))).toBe("(`url` LIKE '%o''clock%')");
    expect(sql(like(c.url, '%50!%!!%', { escape: '!' }))).toBe("(`url` LIKE '%50!%!!%' ESCAPE '!')");
    expect(sql(isIn(c.price, [1, 2.5]))).toBe('(`price` IN (1, 2.5))');
    expect(sql(between(c.event_time, c.event_time, c.event_time))).toBe('(`event_time` BETWEEN `event_time` AND `event_time`)');
    expect(sql(trim(c.url))).toBe('TRIM(`url`)');
    expect(sql(md5(c.user_id))).toBe('MD5(`user_id`)');
    expect(sql(sha256(c.user_id))).toBe('SHA256(`user_id`)');
  });
});
