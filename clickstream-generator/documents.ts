/**
 * How a click looks as an Elasticsearch document on the site's index: mostly the canonical field
 * names with ISO times, and a share of the shapes real logs have (camelCase names, epoch seconds,
 * numbers as strings, upper-case types) that the producer's normalizer must fix. Malformed
 * documents are broken in ways nothing can fix, each with the reason the producer must give.
 */
import type { ClickEvent } from '../producer/click-event.js';
import { pickWeighted, type Random } from './seeded-random.js';

export type ElasticsearchDocument = Record<string, unknown>;

/** The document for a click; `null` fields are left out, as the site's logger does. */
export function renderDocument(random: Random, event: ClickEvent): ElasticsearchDocument {
  const shape = pickWeighted(random, { canonical: 80, camelCase: 8, epochSeconds: 5, priceAsText: 4, upperCaseType: 3 });
  const iso = new Date(event.ts).toISOString();
  const document: ElasticsearchDocument = {
    '@timestamp': iso,
    [shape === 'camelCase' ? 'eventId' : 'event_id']: event.event_id,
    [shape === 'camelCase' ? 'userId' : 'user_id']: event.user_id,
    [shape === 'camelCase' ? 'sessionId' : 'session_id']: event.session_id,
    [shape === 'camelCase' ? 'eventType' : 'event_type']: shape === 'upperCaseType' ? event.event_type.toUpperCase() : event.event_type,
    url: event.url,
    ip: event.ip,
    [shape === 'camelCase' ? 'userAgent' : 'user_agent']: event.user_agent,
    ts: shape === 'epochSeconds' ? event.ts / 1000 : iso,
  };
  if (event.referrer !== null) document.referrer = event.referrer;
  if (event.zip !== null) document.zip = event.zip;
  if (event.price !== null) document.price = shape === 'priceAsText' ? event.price.toFixed(2) : event.price;
  return document;
}

interface Breakage {
  readonly change: (document: ElasticsearchDocument) => ElasticsearchDocument;
  /** A part of the reason the producer dead-letters the document with. */
  readonly reason: string;
}

function without(document: ElasticsearchDocument, ...names: string[]): ElasticsearchDocument {
  return Object.fromEntries(Object.entries(document).filter(([name]) => !names.includes(name)));
}

/** Ways a document arrives broken beyond repair, each with the reason the producer must give. */
const BREAKAGES: Readonly<Record<string, Breakage>> = {
  noUser: { change: (document) => without(document, 'user_id', 'userId'), reason: 'user_id: missing' },
  priceAsWord: { change: (document) => ({ ...document, price: 'cheap' }), reason: 'price: expected a number, got string "cheap"' },
  timeAsWord: { change: (document) => ({ ...without(document, 'ts'), ts: 'yesterday' }), reason: 'ts: string "yesterday" is not an ISO-8601 time' },
  impossibleDate: { change: (document) => ({ ...document, ts: '2026-02-30T25:61:00' }), reason: 'is not a valid date' },
  urlAsObject: { change: (document) => ({ ...document, url: { href: document.url, params: [1, 2] } }), reason: 'url: expected text, got an object' },
  ipAsList: { change: (document) => ({ ...document, ip: [document.ip, '10.0.0.2'] }), reason: 'ip: expected text, got an array' },
  unitMixUp: { change: (document) => ({ ...document, ts: 42 }), reason: 'before the year 2000' },
  noEventType: { change: (document) => without(document, 'event_type', 'eventType'), reason: 'event_type: missing' },
};

export function breakDocument(random: Random, document: ElasticsearchDocument): { readonly document: ElasticsearchDocument; readonly reason: string } {
  const name = pickWeighted(random, Object.fromEntries(Object.keys(BREAKAGES).map((key) => [key, 1])));
  const breakage = BREAKAGES[name];
  if (breakage === undefined) throw new Error(`no breakage '${name}'`);
  return { document: breakage.change(document), reason: breakage.reason };
}
