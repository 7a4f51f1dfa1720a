import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { nonNullable, t, type TypeCategory } from '../schema/column-types.js';
import { Expr, toNode } from './expression.js';

type Timestamp = Expr<string | null, 'timestamp'>;

/** IANA names, aliases included (Asia/Kolkata as well as Asia/Calcutta), as Java's ZoneId reads them. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkZone(zone: string, usedIn: string): void {
  if (!isTimeZone(zone)) {
    throw new JobDefinitionError(`${usedIn}: '${zone}' is not an IANA time zone (e.g. 'UTC', 'Europe/Berlin', 'America/New_York')`);
  }
}

/**
 * The wall-clock time of an instant in `zone`, as Flink computes it: format in the session zone
 * (UTC, set by every compiled job), convert to the target zone, parse back.
 */
function inZone(timestamp: Timestamp, zone: string): ExpressionNode {
  const formatted = functionCallNode('DATE_FORMAT', [timestamp.node, literalNode('yyyy-MM-dd HH:mm:ss')]);
  return functionCallNode('TO_TIMESTAMP', [functionCallNode('CONVERT_TZ', [formatted, literalNode('UTC'), literalNode(zone)])]);
}

/**
 * Hour of day (0-23) of an instant in a time zone. Example: `hourOfDay(c.event_time, 'Europe/Berlin')`
 * prints `` HOUR(TO_TIMESTAMP(CONVERT_TZ(DATE_FORMAT(`event_time`, 'yyyy-MM-dd HH:mm:ss'), 'UTC', 'Europe/Berlin'))) ``.
 * Null when the instant is null.
 */
export function hourOfDay(timestamp: Timestamp, zone: string): Expr<number | null, 'numeric'> {
  checkZone(zone, 'hourOfDay');
  return new Expr(functionCallNode('HOUR', [inZone(timestamp, zone)]), t.nullable(t.bigint()));
}

/** Day of week of an instant in a time zone, 1 = Sunday ... 7 = Saturday (Flink's DAYOFWEEK). */
export function dayOfWeek(timestamp: Timestamp, zone: string): Expr<number | null, 'numeric'> {
  checkZone(zone, 'dayOfWeek');
  return new Expr(functionCallNode('DAYOFWEEK', [inZone(timestamp, zone)]), t.nullable(t.bigint()));
}

/** The first non-null of a value and a fallback: `COALESCE(zip, 'unknown')`; the result is not null. */
export function coalesce<T, C extends TypeCategory>(value: Expr<T, C>, fallback: Expr<NonNullable<T>, C> | NonNullable<T>): Expr<NonNullable<T>, C> {
  return new Expr(functionCallNode('COALESCE', [value.node, toNode(fallback as Expr<unknown> | string | number | boolean)]), nonNullable(value.type));
}

/** `LOWER(s)`. */
export function lower<T extends string | null>(value: Expr<T, 'string'>): Expr<T, 'string'> {
  return new Expr(functionCallNode('LOWER', [value.node]), value.type);
}

/** `UPPER(s)`. */
export function upper<T extends string | null>(value: Expr<T, 'string'>): Expr<T, 'string'> {
  return new Expr(functionCallNode('UPPER', [value.node]), value.type);
}
