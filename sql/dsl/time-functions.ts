import type { ExpressionNode } from '../ast/expression-node.js';
import { floorToNode, type FloorUnit } from '../ast/floor-to-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { castNode } from '../ast/cast-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { OR_FLINK_SQL } from './flink-sql.js';
import { nullable, t } from '../schema/column-types.js';
import { Expr } from './expression.js';
import { resultType } from './function-types.js';
import { checkTimeZone, SESSION_TIME_ZONE, textField, wallClockText } from './time-zone.js';

/** A part of an instant (BIGINT, as Flink's EXTRACT gives it): null only when the instant is. */
type Part<T> = Expr<null extends T ? number | null : number, 'numeric'>;

/** The parts that are a field of the wall-clock text; the others are computed from its date. */
type TextPart = 'YEAR' | 'MONTH' | 'DAYOFMONTH' | 'HOUR' | 'MINUTE' | 'SECOND';

/**
 * A part of the wall clock of `timestamp` in `zone`: `FN(x)` in the session zone (UTC), where Flink reads the
 * instant so already; elsewhere the field of the zone's wall-clock text as a BIGINT (`CAST(SUBSTRING(...) AS
 * BIGINT)`), or, for the day of week and the week, `FN` of its date (time-zone.ts says why).
 */
function partIn<T extends string | null>(fn: TextPart | 'DAYOFWEEK' | 'WEEK', usedIn: string, timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  const { isSessionZone } = checkTimeZone(zone, usedIn);
  let node: ExpressionNode;
  if (isSessionZone) node = functionCallNode(fn, [timestamp.node]);
  else if (fn === 'DAYOFWEEK' || fn === 'WEEK') node = functionCallNode(fn, [castNode(textField(wallClockText(timestamp.node, zone), 'DATE'), 'DATE', 'CAST')]);
  else node = castNode(textField(wallClockText(timestamp.node, zone), fn), 'BIGINT', 'CAST');
  return new Expr(node, resultType(t.bigint(), [timestamp]));
}

/**
 * Hour of day (0-23) of an instant in a time zone: the shop's hour, not UTC's.
 * @example
 * select: (c) => ({ hour_of_day: hourOfDay(c.event_time, 'Europe/Berlin') }),
 * // prints CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Europe/Berlin'), 12, 2) AS BIGINT) AS `hour_of_day`
 * // and, in UTC, HOUR(`event_time`)
 */
export function hourOfDay(timestamp: Expr<string | null, 'timestamp'>, zone: string): Expr<number | null, 'numeric'> {
  // Typed nullable whatever the instant (as before): the enricher's row schema is checked against this type.
  return new Expr(partIn('HOUR', 'hourOfDay', timestamp, zone).node, nullable(t.bigint()));
}

/**
 * Day of week of an instant in a time zone, 1 = Sunday ... 7 = Saturday (Flink's DAYOFWEEK): the
 * shop's week, not UTC's, so a Saturday evening in New York is not counted as Sunday.
 * @example
 * select: (c) => ({ day_of_week: dayOfWeek(c.event_time, 'America/New_York') }),
 * // prints DAYOFWEEK(CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 1, 10) AS DATE)) AS `day_of_week`
 */
export function dayOfWeek(timestamp: Expr<string | null, 'timestamp'>, zone: string): Expr<number | null, 'numeric'> {
  return new Expr(partIn('DAYOFWEEK', 'dayOfWeek', timestamp, zone).node, nullable(t.bigint()));
}

/**
 * Minute of the hour (0-59) of an instant in a time zone (it differs from UTC's in zones such as Asia/Kolkata, +05:30).
 * @example
 * select: (c) => ({ minute: minute(c.event_time, 'Asia/Kolkata') }),
 * // prints CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Asia/Kolkata'), 15, 2) AS BIGINT) AS `minute`
 */
export function minute<T extends string | null>(timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  return partIn('MINUTE', 'minute', timestamp, zone);
}

/**
 * Second of the minute (0-59) of an instant in a time zone.
 * @example
 * select: (c) => ({ second: second(c.event_time, 'UTC') }),
 * // prints SECOND(`event_time`) AS `second`
 */
export function second<T extends string | null>(timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  return partIn('SECOND', 'second', timestamp, zone);
}

/**
 * Day of the month (1-31) of an instant in a time zone.
 * @example
 * select: (c) => ({ day: dayOfMonth(c.event_time, 'America/New_York') }),
 * // prints CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 9, 2) AS BIGINT) AS `day`
 */
export function dayOfMonth<T extends string | null>(timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  return partIn('DAYOFMONTH', 'dayOfMonth', timestamp, zone);
}

/**
 * Month (1-12) of an instant in a time zone.
 * @example
 * select: (c) => ({ month: month(c.event_time, 'UTC') }),
 * // prints MONTH(`event_time`) AS `month`
 */
export function month<T extends string | null>(timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  return partIn('MONTH', 'month', timestamp, zone);
}

/**
 * Year of an instant in a time zone (New Year's Eve at 20:00 in New York is already next year in UTC).
 * @example
 * select: (c) => ({ year: year(c.event_time, 'America/New_York') }),
 * // prints CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 1, 4) AS BIGINT) AS `year`
 */
export function year<T extends string | null>(timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  return partIn('YEAR', 'year', timestamp, zone);
}

/**
 * ISO 8601 week of the year (1-53; weeks start on Monday, and week 1 holds the year's first Thursday, so
 * 1 January may be in week 52 or 53 of the year before) of an instant in a time zone.
 * @example
 * select: (c) => ({ week: weekOfYear(c.event_time, 'UTC') }),
 * // prints WEEK(`event_time`) AS `week`
 */
export function weekOfYear<T extends string | null>(timestamp: Expr<T, 'timestamp'>, zone: string): Part<T> {
  return partIn('WEEK', 'weekOfYear', timestamp, zone);
}

/** Units `truncateTo` rounds down to. (Not weeks: Flink's FLOOR starts them on Sunday, weekOfYear's on Monday.) */
const TRUNCATE_UNITS = { second: 'SECOND', minute: 'MINUTE', hour: 'HOUR', day: 'DAY', month: 'MONTH', year: 'YEAR' } as const satisfies Record<string, FloorUnit>;
export type TruncateUnit = keyof typeof TRUNCATE_UNITS;
/**
 * Units whose start in a zone is found through the zone's wall clock: the prefix of its text they keep, and the
 * rest of their first wall-clock time. Their start is (nearly) never in an hour that repeats.
 */
const CALENDAR_STARTS: Partial<Record<TruncateUnit, { readonly field: 'DATE' | 'YEAR_MONTH' | 'YEAR'; readonly rest: string }>> = {
  day: { field: 'DATE', rest: ' 00:00:00' },
  month: { field: 'YEAR_MONTH', rest: '-01 00:00:00' },
  year: { field: 'YEAR', rest: '-01-01 00:00:00' },
};

/**
 * The instant an instant's second, minute, hour, day, month or year began in a time zone, of the instant's own
 * type (a TIMESTAMP_LTZ stays one): e.g. the start of the shop's day, to key daily features by. In UTC it is
 * `FLOOR(x TO unit)`. In another zone (days, months and years) the wall clock there is floored and converted back
 * to the instant it was, so a day in New York starts at 05:00 UTC in winter and 04:00 in summer; a day whose
 * midnight is skipped starts at the first instant it has. Null when the instant is.
 *
 * An hour, minute or second in another zone is refused: going back from a wall clock is ambiguous in the hour that
 * repeats when summer time ends (01:30 is two instants in New York on that night), so half of that hour's events
 * would get a start an hour off. Use 'UTC' (the same hours as any zone whose offset is whole hours).
 * @example
 * select: (c) => ({ hour_start: truncateTo(c.event_time, 'hour', 'UTC') }),
 * // prints FLOOR(`event_time` TO HOUR) AS `hour_start`
 * select: (c) => ({ shop_day: truncateTo(c.event_time, 'day', 'America/New_York') }),
 * // prints CAST(CONVERT_TZ(CONCAT(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 1, 10), ' 00:00:00'), 'America/New_York', 'UTC') AS TIMESTAMP_LTZ(3)) AS `shop_day`
 */
export function truncateTo<T extends string | null>(timestamp: Expr<T, 'timestamp'>, unit: TruncateUnit, zone: string): Expr<T, 'timestamp'> {
  const floorUnit = (TRUNCATE_UNITS as Record<string, FloorUnit | undefined>)[unit];
  if (floorUnit === undefined) {
    throw new JobDefinitionError(`truncateTo: '${unit}' is not a unit to truncate to; use one of ${Object.keys(TRUNCATE_UNITS).join(', ')}`);
  }
  const { isSessionZone } = checkTimeZone(zone, 'truncateTo');
  const type = timestamp.type;
  if (isSessionZone) return new Expr(floorInSessionZone(timestamp.node, floorUnit, type.sql), type);
  const start = CALENDAR_STARTS[unit];
  if (start === undefined) {
    throw new JobDefinitionError(
      `truncateTo: '${unit}' in '${zone}' is not supported: Flink finds an instant from a wall clock only through text, which is ambiguous in the hour that repeats when summer time ends; truncate to '${unit}' in 'UTC', or to ${Object.keys(CALENDAR_STARTS).join(', ')} in '${zone}', ${OR_FLINK_SQL}`,
    );
  }
  // The unit's first wall-clock time in the zone as text ('2026-03-08' + ' 00:00:00'), converted to UTC's and read
  // as the instant's type in the session zone, UTC.
  const localStart = functionCallNode('CONCAT', [textField(wallClockText(timestamp.node, zone), start.field), literalNode(start.rest)]);
  const utcStart = functionCallNode('CONVERT_TZ', [localStart, literalNode(zone), literalNode(SESSION_TIME_ZONE)]);
  return new Expr(castNode(utcStart, type.sql, 'CAST'), type);
}

/**
 * `FLOOR(x TO unit)`, except for a TIMESTAMP_LTZ to the second or minute: Flink 1.19 plans that but cannot compile
 * it (its code generator looks for a `floor(TimestampData, TimestampData)` that does not exist, and the job fails
 * when it starts), so it is floored as the session zone's wall clock and read back as an instant.
 */
function floorInSessionZone(node: ExpressionNode, unit: FloorUnit, sqlType: string): ExpressionNode {
  if (!sqlType.startsWith('TIMESTAMP_LTZ') || (unit !== 'SECOND' && unit !== 'MINUTE')) return floorToNode(node, unit);
  return castNode(floorToNode(castNode(node, sqlType.replace('TIMESTAMP_LTZ', 'TIMESTAMP'), 'CAST'), unit), sqlType, 'CAST');
}
