/**
 * Elasticsearch documents for the producer's tests: valid clicks with the event each must become
 * (written here by hand, not by the normalizer under test), and malformed ones with the reason each
 * must be dead-lettered for.
 */
import type { Client } from '@elastic/elasticsearch';
import type { ClickEvent } from '../../producer/click-event.js';

export const BASE_TIME = Date.UTC(2026, 10, 23, 10, 0, 0);

export interface ValidDocument {
  readonly id: string;
  readonly source: Record<string, unknown>;
  readonly expected: ClickEvent;
}

export interface InvalidDocument {
  readonly id: string;
  readonly source: Record<string, unknown>;
  /** A part of the dead-letter reason. */
  readonly reason: string;
}

const iso = (millis: number) => new Date(millis).toISOString();

/** `count` valid clicks of `users` users, several sharing a millisecond (ties in the sort order). */
export function validDocuments(count: number, users: number, start = BASE_TIME, prefix = 'v'): ValidDocument[] {
  return Array.from({ length: count }, (_, index) => {
    const ts = start + Math.floor(index / 3) * 7;
    const expected: ClickEvent = {
      event_id: `${prefix}-${index}`,
      user_id: `user-${index % users}`,
      session_id: `session-${index % users}-${Math.floor(index / 500)}`,
      event_type: index % 10 === 0 ? 'purchase' : 'view',
      url: index % 25 === 0 ? `/ürün/${index}/商品` : `/p/${index % 40}`,
      referrer: index % 4 === 0 ? null : 'https://search.example/',
      ip: `10.0.${index % 256}.1`,
      zip: index % 5 === 0 ? null : '10001',
      user_agent: 'Mozilla/5.0',
      price: index % 10 === 0 ? 10 + (index % 90) : null,
      ts,
    };
    // Shapes normalization fixes: camelCase names, epoch seconds, zone-less ISO, numbers as strings.
    const shape = index % 4;
    const source: Record<string, unknown> = {
      '@timestamp': iso(ts),
      ...(shape === 1 ? { eventId: expected.event_id, userId: expected.user_id } : { event_id: expected.event_id, user_id: expected.user_id }),
      session_id: expected.session_id,
      event_type: shape === 2 ? expected.event_type.toUpperCase() : expected.event_type,
      url: expected.url,
      referrer: expected.referrer ?? '',
      ip: expected.ip,
      zip: expected.zip,
      user_agent: expected.user_agent,
      price: expected.price === null ? undefined : shape === 3 ? String(expected.price) : expected.price,
      ts: shape === 0 ? ts : shape === 1 ? ts / 1000 : shape === 2 ? iso(ts).replace('Z', '') : iso(ts),
    };
    return { id: expected.event_id, source, expected };
  });
}

/** Documents that cannot be fixed, one or more of each kind. */
export function invalidDocuments(start = BASE_TIME): InvalidDocument[] {
  const base = (index: number) => ({
    '@timestamp': iso(start + 500 + index * 11),
    event_id: `bad-${index}`,
    user_id: `user-${index % 7}`,
    session_id: 's',
    event_type: 'view',
    url: '/p/1',
    ip: '10.0.0.1',
    user_agent: 'Mozilla/5.0',
    ts: start + 500 + index * 11,
  });
  const cases: [Record<string, unknown>, string][] = [
    [{ user_id: undefined }, 'user_id: missing'],
    [{ price: 'cheap' }, 'price: expected a number, got string "cheap"'],
    [{ ts: 'yesterday' }, 'ts: string "yesterday" is not an ISO-8601 time'],
    [{ ts: '2026-02-30T25:61:00' }, 'is not a valid date'],
    [{ url: { nested: { junk: [1, 2, { deeper: true }] } } }, 'url: expected text, got an object'],
    [{ ip: ['10.0.0.1', '10.0.0.2'] }, 'ip: expected text, got an array'],
    [{ ts: 42 }, 'before the year 2000'],
    [{ url: `/${'x'.repeat(1_200_000)}` }, 'url: is longer than 4096 characters'],
    // No usable sort timestamp at all: only the sweep after the range finds these.
    [{ '@timestamp': 'not a date', ts: 'never' }, 'ts: string "never" is not an ISO-8601 time'],
    [{ '@timestamp': undefined, event_type: undefined }, 'event_type: missing'],
  ];
  return cases.map(([change, reason], index) => {
    // A field set to undefined in `change` is one the document does not have.
    const source = Object.fromEntries(Object.entries<unknown>({ ...base(index), ...change }).filter(([, value]) => value !== undefined));
    return { id: `bad-${index}`, source, reason };
  });
}

export async function indexDocuments(client: Client, index: string, documents: readonly { id: string; source: Record<string, unknown> }[]): Promise<void> {
  for (let start = 0; start < documents.length; start += 500) {
    const chunk = documents.slice(start, start + 500);
    const response = await client.bulk({ index, refresh: 'wait_for', operations: chunk.flatMap((document) => [{ index: { _id: document.id } }, document.source]) });
    if (response.errors) throw new Error(`bulk indexing failed: ${JSON.stringify(response.items.find((item) => item.index?.error)?.index?.error)}`);
  }
}
