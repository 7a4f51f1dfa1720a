/**
 * The synthetic clickstream: sessions start through the day (people follow a daily curve, bots do
 * not), each session clicks lazily, and a heap merges them so documents come out in time order with
 * memory bounded by the sessions open at once, not by the number of events.
 *
 * Deterministic: the same options give the same documents, ids, labels and order on every machine.
 */
import { Heap } from 'heap-js';
import type { ClickEvent } from '../producer/click-event.js';
import { breakDocument, renderDocument, type ElasticsearchDocument } from './documents.js';
import { bot, people, readPopulationReference, type PopulationReference, type Visitor } from './population.js';
import { exponential, pickOne, pickWeighted, seededRandom } from './seeded-random.js';
import { session, type ClickLabel, type PlannedClick, type SessionKind } from './sessions.js';

export interface SyntheticClick {
  /** The document's `_id` in Elasticsearch: its event id. */
  readonly id: string;
  readonly document: ElasticsearchDocument;
  /** What the producer must write to the raw stream for it; null for a malformed document. */
  readonly event: ClickEvent | null;
  readonly label: ClickLabel;
  /** Why the producer must dead-letter it (a part of its reason), for a malformed document. */
  readonly brokenBecause?: string;
}

export interface ClickstreamOptions {
  readonly seed: number;
  /** How many documents to generate, malformed ones included. */
  readonly events: number;
  /** Epoch milliseconds of the first session start. */
  readonly start: number;
  /** Average events per hour over a day; the daily curve makes evenings busier and nights quieter. */
  readonly eventsPerHour: number;
  /** How many different people visit. */
  readonly people: number;
  /** Shares of sessions that are anomalies; the rest are ordinary visits. */
  readonly anomalies: { readonly botBurst: number; readonly cartAbandonment: number; readonly priceOutlier: number };
  /** Share of documents broken beyond repair. */
  readonly malformedShare: number;
  /** Prefix of user, session and event ids, so runs with different seeds do not collide. */
  readonly idPrefix?: string;
  readonly reference?: PopulationReference;
}

export const DEFAULT_CLICKSTREAM: Omit<ClickstreamOptions, 'events' | 'start'> = {
  seed: 1,
  eventsPerHour: 50_000,
  people: 5_000,
  anomalies: { botBurst: 0.0005, cartAbandonment: 0.04, priceOutlier: 0.02 },
  malformedShare: 0.01,
};

/** Rough events per session, to turn an event rate into a session rate. */
const MEAN_CLICKS = { human: 7, bot: 1325 };

/** People's activity by hour in New York (UTC-5, standard time; enough for a rate curve): 0.1 at 8 am, 1.0 at 8 pm. */
function dailyCurve(time: number): number {
  const hour = (((time / 3_600_000 - 5) % 24) + 24) % 24;
  return 0.55 + 0.45 * Math.cos((2 * Math.PI * (hour - 20)) / 24);
}

/** A session's own random stream: sessions do not disturb each other's draws however they interleave. */
function sessionSeed(seed: number, index: number): number {
  return Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
}

interface OpenSession {
  readonly clicks: Generator<PlannedClick>;
  readonly order: number;
  next: PlannedClick;
}

function validate(options: ClickstreamOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.events) || options.events < 0) problems.push(`events must be a whole number >= 0 (got ${String(options.events)})`);
  if (!(options.eventsPerHour > 0)) problems.push(`events per hour must be > 0 (got ${String(options.eventsPerHour)})`);
  if (!Number.isInteger(options.people) || options.people < 1) problems.push(`people must be a whole number >= 1 (got ${String(options.people)})`);
  const shares = { ...options.anomalies, malformed: options.malformedShare };
  for (const [name, share] of Object.entries(shares)) if (!(share >= 0 && share <= 1)) problems.push(`share of ${name} must be between 0 and 1 (got ${String(share)})`);
  const sessionShares = options.anomalies.botBurst + options.anomalies.cartAbandonment + options.anomalies.priceOutlier;
  if (sessionShares > 1) problems.push(`anomaly shares add up to ${String(sessionShares)}, more than all sessions`);
  if (problems.length > 0) throw new RangeError(`invalid clickstream options: ${problems.join('; ')}`);
}

export function* generateClickstream(options: ClickstreamOptions): Generator<SyntheticClick> {
  validate(options);
  const random = seededRandom(options.seed);
  const prefix = options.idPrefix ?? `s${String(options.seed)}`;
  const reference = options.reference ?? readPopulationReference();
  const visitors: Visitor[] = people(random, options.people, prefix, reference);
  const { botBurst, cartAbandonment, priceOutlier } = options.anomalies;
  // Candidate session starts come at the peak rate; people's are thinned by the daily curve (mean 0.55).
  const clicksPerCandidate = botBurst * MEAN_CLICKS.bot + (1 - botBurst) * 0.55 * MEAN_CLICKS.human;
  const meanCandidateGapMs = 3_600_000 / (options.eventsPerHour / clicksPerCandidate);
  const humanKinds: Record<SessionKind, number> = { normal: 1 - botBurst - cartAbandonment - priceOutlier, 'cart-abandonment': cartAbandonment, 'price-outlier': priceOutlier, 'bot-burst': 0 };

  const open = new Heap<OpenSession>((a, b) => a.next.event.ts - b.next.event.ts || a.order - b.order);
  let candidateAt = options.start;
  let sessions = 0;
  let emitted = 0;
  while (emitted < options.events) {
    const earliest = open.peek();
    if (earliest === undefined || earliest.next.event.ts > candidateAt) {
      const isBot = random() < botBurst;
      if (isBot || random() < dailyCurve(candidateAt)) {
        const index = sessions++;
        const kind = isBot ? 'bot-burst' : pickWeighted(random, humanKinds);
        const visitor = isBot ? bot(random, `${prefix}-bot${String(index)}`, reference) : pickOne(random, visitors);
        const clicks = session(seededRandom(sessionSeed(options.seed, index)), { kind, sessionId: `${prefix}-s${String(index)}`, visitor, start: candidateAt });
        const first = clicks.next();
        if (first.done !== true) open.push({ clicks, order: index, next: first.value });
      }
      candidateAt += Math.max(1, Math.round(exponential(random, meanCandidateGapMs)));
      continue;
    }
    open.pop();
    const { event, label } = earliest.next;
    const document = renderDocument(random, event);
    if (random() < options.malformedShare) {
      const broken = breakDocument(random, document);
      yield { id: event.event_id, document: broken.document, event: null, label: 'malformed', brokenBecause: broken.reason };
    } else {
      yield { id: event.event_id, document, event, label };
    }
    emitted += 1;
    const following = earliest.clicks.next();
    if (following.done !== true) {
      earliest.next = following.value;
      open.push(earliest);
    }
  }
}
