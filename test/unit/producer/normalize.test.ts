import { describe, expect, it } from 'vitest';
import { normalizeClick } from '../../../producer/normalize.js';

const VALID = {
  event_id: 'e-1',
  user_id: 'u-1',
  session_id: 's-1',
  event_type: 'view',
  url: '/home',
  referrer: 'https://example.com/',
  ip: '10.0.0.1',
  zip: '10001',
  user_agent: 'Mozilla/5.0',
  price: 12.5,
  ts: 1_795_435_200_000,
};

function without(fields: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !names.includes(name)));
}

function event(source: unknown) {
  const result = normalizeClick(source);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.event;
}

function reason(source: unknown): string {
  const result = normalizeClick(source);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.event)}`);
  return result.reason;
}

describe('normalizeClick', () => {
  it('passes a well-formed event through unchanged', () => {
    expect(event(VALID)).toEqual(VALID);
  });

  it('reads timestamps in epoch seconds, milliseconds, microseconds and as ISO-8601 with or without a zone', () => {
    const at = Date.UTC(2026, 10, 23, 10, 0, 0);
    for (const ts of [at / 1000, at, at * 1000, String(at / 1000), '2026-11-23T10:00:00Z', '2026-11-23T12:00:00+02:00', '2026-11-23T10:00:00', '2026-11-23 10:00:00']) {
      expect(event({ ...VALID, ts }).ts, `ts ${JSON.stringify(ts)}`).toBe(at);
    }
    expect(event({ ...VALID, ts: 1_795_435_200.123 }).ts).toBe(1_795_435_200_123);
  });

  it('takes camelCase and aliased field names, trims text and reads numbers sent as strings', () => {
    const rest = without(VALID, 'event_id', 'user_id', 'ts', 'price');
    expect(event({ ...rest, eventId: ' e-1 ', userId: 'u-1\n', timestamp: '2026-11-23T10:00:00Z', price: ' 12.50 ', event_type: 'VIEW' })).toEqual({
      ...VALID,
      ts: Date.UTC(2026, 10, 23, 10),
    });
  });

  it('prefers the event time over @timestamp, which is only a fallback', () => {
    const rest = without(VALID, 'ts');
    expect(event({ ...rest, '@timestamp': '2026-11-23T10:00:05Z', event_time: '2026-11-23T10:00:00Z' }).ts).toBe(Date.UTC(2026, 10, 23, 10));
    expect(event({ ...rest, '@timestamp': '2026-11-23T10:00:05Z' }).ts).toBe(Date.UTC(2026, 10, 23, 10, 0, 5));
  });

  it('makes missing or empty optional fields null and keeps unicode as it is', () => {
    const rest = without(VALID, 'referrer', 'zip', 'price');
    expect(event({ ...rest, url: '/café/ürün/商品?q=✓', referrer: '   ' })).toEqual({ ...rest, url: '/café/ürün/商品?q=✓', referrer: null, zip: null, price: null });
  });

  it('names every field that cannot be fixed', () => {
    expect(reason({ ...without(VALID, 'user_id'), ts: 'yesterday', price: 'cheap' })).toBe(
      'user_id: missing; price: expected a number, got string "cheap"; ts: string "yesterday" is not an ISO-8601 time or epoch number',
    );
    expect(reason({ ...VALID, url: { nested: { junk: [1, 2] } } })).toBe('url: expected text, got an object');
    expect(reason({ ...VALID, ip: ['10.0.0.1'] })).toBe('ip: expected text, got an array');
    expect(reason({ ...VALID, ts: '2026-13-45T99:00:00' })).toBe('ts: string "2026-13-45T99:00:00" is not a valid date');
    expect(reason({ ...VALID, ts: 12 })).toMatch(/^ts: .*before the year 2000/);
    expect(reason({ ...VALID, url: 'x'.repeat(5000) })).toMatch(/^url: .*longer than 4096/);
    expect(reason('just a string')).toBe('document: expected a JSON object, got string "just a string"');
    expect(reason(null)).toBe('document: expected a JSON object, got null');
  });
});
