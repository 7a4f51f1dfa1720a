import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLICKSTREAM, generateClickstream, type ClickstreamOptions, type SyntheticClick } from '../../../clickstream-generator/clickstream.js';
import { PRODUCTS } from '../../../clickstream-generator/site.js';
import { readJsonLines, REFERENCE_DIR } from '../../../common/reference-files.js';
import { normalizeClick } from '../../../producer/normalize.js';

const START = Date.UTC(2026, 10, 23, 5); // midnight in New York
const OPTIONS: ClickstreamOptions = { ...DEFAULT_CLICKSTREAM, events: 30_000, start: START };
const clicks = [...generateClickstream(OPTIONS)];
const events = clicks.flatMap((click) => (click.event === null ? [] : [click.event]));

function digest(stream: Iterable<SyntheticClick>): string {
  const hash = createHash('sha256');
  for (const click of stream) hash.update(JSON.stringify([click.id, click.document, click.label]));
  return hash.digest('hex');
}

/** Sessions by label, from a stream without broken documents; sessions still open when the stream stops are left out. */
function bySession(stream: readonly SyntheticClick[], label: string): Map<string, NonNullable<SyntheticClick['event']>[]> {
  const sessions = new Map<string, NonNullable<SyntheticClick['event']>[]>();
  const end = stream.at(-1)?.event?.ts ?? 0;
  for (const click of stream) if (click.event !== null && click.label === label) sessions.set(click.event.session_id, [...(sessions.get(click.event.session_id) ?? []), click.event]);
  return new Map([...sessions].filter(([, visit]) => (visit.at(-1)?.ts ?? end) < end - 3_600_000));
}

describe('synthetic clickstream', () => {
  it('is the same for the same options and different for another seed', () => {
    expect(digest(generateClickstream(OPTIONS))).toBe(digest(clicks));
    expect(digest(generateClickstream({ ...OPTIONS, seed: 2 }))).not.toBe(digest(clicks));
  });

  it('gives exactly the documents asked for, unique ids, in time order', () => {
    expect(clicks).toHaveLength(OPTIONS.events);
    expect(new Set(clicks.map((click) => click.id)).size).toBe(clicks.length);
    expect(events.every((event, index) => index === 0 || event.ts >= (events[index - 1]?.ts ?? 0))).toBe(true);
  });

  it('writes documents the producer normalizes to exactly their event, and broken ones it rejects with their reason', () => {
    for (const click of clicks) {
      const normalized = normalizeClick(click.document);
      if (click.event === null) {
        expect(normalized.ok, click.id).toBe(false);
        expect(normalized.ok ? '' : normalized.reason, click.id).toContain(click.brokenBecause);
      } else {
        expect(normalized, click.id).toEqual({ ok: true, event: click.event });
      }
    }
  });

  it('injects every kind of anomaly and the configured share of broken documents', () => {
    const counts = new Map<string, number>();
    for (const click of clicks) counts.set(click.label, (counts.get(click.label) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['bot-burst', 'cart-abandonment', 'malformed', 'normal', 'price-outlier']);
    expect((counts.get('malformed') ?? 0) / clicks.length).toBeCloseTo(OPTIONS.malformedShare, 2);
  });

  it('labels exactly: bots from datacenters, abandoned carts end at checkout, outliers far above list price, everyone else who checks out buys', () => {
    const datacenters = readJsonLines(join(REFERENCE_DIR, 'ip-networks.jsonl')).filter((row) => row.kind === 'datacenter').map((row) => String(row.network).replace('.0/24', '.'));
    const fromDatacenter = (ip: string) => datacenters.some((prefix) => ip.startsWith(prefix));
    for (const event of events) expect(fromDatacenter(event.ip), event.event_id).toBe(event.user_id.includes('-bot'));

    const whole = [...generateClickstream({ ...OPTIONS, malformedShare: 0, eventsPerHour: 5_000 })];
    expect(bySession(whole, 'cart-abandonment').size).toBeGreaterThan(10);
    for (const [session, visit] of bySession(whole, 'cart-abandonment')) {
      expect(visit.at(-1)?.event_type, session).toBe('checkout');
      expect(visit.some((event) => event.event_type === 'purchase'), session).toBe(false);
    }
    const outliers = clicks.filter((click) => click.label === 'price-outlier');
    for (const { event } of outliers) {
      const listPrice = PRODUCTS.find((product) => product.url === event?.url)?.price ?? Infinity;
      expect(event?.price ?? 0, event?.event_id).toBeGreaterThanOrEqual(listPrice * 20 - 0.01);
    }
    for (const [session, visit] of bySession(whole, 'normal')) {
      const checkouts = visit.filter((event) => event.event_type === 'checkout').length;
      expect(visit.filter((event) => event.event_type === 'purchase').length, session).toBeGreaterThanOrEqual(checkouts - 1);
    }
  });

  it('visits only pages the page-categories reference knows, and some zips and networks the reference does not', () => {
    const pages = new Set(readJsonLines(join(REFERENCE_DIR, 'page-categories.jsonl')).map((row) => row.url));
    const zips = new Set(readJsonLines(join(REFERENCE_DIR, 'zip-codes.jsonl')).map((row) => row.zip));
    expect(events.filter((event) => !pages.has(event.url))).toEqual([]);
    const unknownZips = events.filter((event) => event.zip !== null && !zips.has(event.zip)).length;
    expect(unknownZips).toBeGreaterThan(0);
    expect(unknownZips / events.length).toBeLessThan(0.2);
    expect(events.some((event) => event.ip.startsWith('172.16.'))).toBe(true);
  });

  it('follows the daily curve: people click more at 8 pm than at 8 am in New York', () => {
    const day = [...generateClickstream({ ...OPTIONS, events: 60_000, eventsPerHour: 2_500, anomalies: { botBurst: 0, cartAbandonment: 0, priceOutlier: 0 } })];
    const atHour = (hour: number) => day.filter((click) => click.event !== null && new Date(click.event.ts).getUTCHours() === (hour + 5) % 24).length;
    expect(atHour(20)).toBeGreaterThan(3 * atHour(8));
  });

  it('refuses impossible options, naming each', () => {
    const attempt = () => [...generateClickstream({ ...OPTIONS, events: -1, malformedShare: 2, anomalies: { botBurst: 0.5, cartAbandonment: 0.5, priceOutlier: 0.5 } })];
    expect(attempt).toThrow('invalid clickstream options: events must be a whole number >= 0 (got -1); share of malformed must be between 0 and 1 (got 2); anomaly shares add up to 1.5, more than all sessions');
  });
});
