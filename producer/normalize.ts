/**
 * Turns one Elasticsearch `_source` into a ClickEvent, fixing what can be fixed without guessing:
 * camelCase or aliased field names, timestamps in epoch seconds, milliseconds or microseconds or as
 * ISO-8601 with or without a zone (zone-less means UTC), numbers sent as strings, padding spaces.
 * What cannot be fixed is rejected with a reason naming each bad field; the caller dead-letters it.
 */
import { CLICK_EVENT_COLUMNS, clickEventSchema, type ClickEvent } from './click-event.js';
import { formatZodIssues } from '../common/zod-issues.js';

export type Normalized = { readonly ok: true; readonly event: ClickEvent } | { readonly ok: false; readonly reason: string };

/** Other names a field arrives under, by the column name it becomes. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  event_id: ['eventId', 'id'],
  user_id: ['userId', 'user'],
  session_id: ['sessionId', 'session'],
  event_type: ['eventType', 'type', 'action'],
  url: ['page', 'page_url', 'pageUrl'],
  referrer: ['referer', 'ref'],
  ip: ['ip_address', 'ipAddress', 'client_ip', 'clientIp'],
  zip: ['zip_code', 'zipCode', 'postal_code', 'postalCode'],
  user_agent: ['userAgent', 'ua'],
  price: ['amount', 'value'],
  // The event's own time first; `@timestamp` (when the document was indexed, usually) only as a fallback.
  ts: ['timestamp', 'event_time', 'eventTime', 'time', '@timestamp'],
};

const NULLABLE = new Set(['referrer', 'zip', 'price']);

function pick(source: Readonly<Record<string, unknown>>, column: string): unknown {
  for (const name of [column, ...(ALIASES[column] ?? [])]) {
    const value = source[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

class FieldProblem extends Error {}

function textField(column: string, value: unknown): string | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  // Ids and zips often arrive as numbers; their digits are the value.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new FieldProblem(`${column}: expected text, got ${describe(value)}`);
}

function numberField(column: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FieldProblem(`${column}: expected a finite number, got ${describe(value)}`);
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    if (Number.isFinite(parsed)) return parsed;
  }
  if (typeof value === 'string' && value.trim() === '') return undefined;
  throw new FieldProblem(`${column}: expected a number, got ${describe(value)}`);
}

/** Epoch seconds, milliseconds or microseconds by magnitude: a click from 2001-2100 is unambiguous. */
function epochToMillis(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) return Math.round(value * 1000);
  if (magnitude < 1e14) return Math.round(value);
  return Math.round(value / 1000);
}

const ISO_WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?/;

function timestampField(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FieldProblem(`ts: expected a time, got ${describe(value)}`);
    return epochToMillis(value);
  }
  if (typeof value !== 'string') throw new FieldProblem(`ts: expected a time, got ${describe(value)}`);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return epochToMillis(Number(trimmed));
  if (!ISO_DATE_TIME.test(trimmed)) throw new FieldProblem(`ts: ${describe(value)} is not an ISO-8601 time or epoch number`);
  // A zone-less time is taken as UTC: the site logs in UTC, and guessing the producer's zone would be worse.
  const withZone = ISO_WITH_ZONE.test(trimmed) ? trimmed : `${trimmed.replace(' ', 'T')}${trimmed.length === 10 ? 'T00:00:00' : ''}Z`;
  const millis = Date.parse(withZone);
  if (Number.isNaN(millis)) throw new FieldProblem(`ts: ${describe(value)} is not a valid date`);
  return millis;
}

/** Problems in the order of the source's columns, so the same document always gets the same reason. */
function inColumnOrder(problems: readonly string[]): string[] {
  const rank = (problem: string) => CLICK_EVENT_COLUMNS.findIndex((column) => problem.startsWith(`${column}:`));
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

/** Normalizes one document's `_source`; never throws. */
export function normalizeClick(source: unknown): Normalized {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    return { ok: false, reason: `document: expected a JSON object, got ${describe(source)}` };
  }
  const fields = source as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  const candidate: Record<string, unknown> = {};
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (error instanceof FieldProblem) problems.push(error.message);
      else throw error;
      return undefined;
    }
  };
  for (const column of ['event_id', 'user_id', 'session_id', 'event_type', 'url', 'referrer', 'ip', 'zip', 'user_agent']) {
    candidate[column] = attempt(() => textField(column, pick(fields, column)));
  }
  if (typeof candidate.event_type === 'string') candidate.event_type = candidate.event_type.toLowerCase();
  candidate.price = attempt(() => numberField('price', pick(fields, 'price')));
  candidate.ts = attempt(() => timestampField(pick(fields, 'ts')));
  for (const column of NULLABLE) candidate[column] ??= null;
  for (const [column, value] of Object.entries(candidate)) {
    if (value === undefined && !problems.some((problem) => problem.startsWith(`${column}:`))) problems.push(`${column}: missing`);
  }
  if (problems.length > 0) return { ok: false, reason: inColumnOrder(problems).join('; ') };
  const parsed = clickEventSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, reason: formatZodIssues(parsed.error.issues, 'document') };
  }
  return { ok: true, event: parsed.data };
}
