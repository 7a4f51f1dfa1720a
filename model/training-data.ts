/**
 * Labeled feature rows for training and evaluating the reference model: a week of the synthetic
 * clickstream (clickstream-generator/), turned into the user-activity job's feature rows by its
 * TypeScript twin, labeled by what the generator injected. Label 1: the click is part of a bot burst
 * or carries a price outlier; 0: ordinary browsing, abandoned carts included (those are a pattern
 * across a session, for a pattern job, not something one click's features show).
 *
 * Seeded, so `npm run train-model` is deterministic.
 */
import { generateClickstream } from '../clickstream-generator/clickstream.js';
import { seededRandom, type Random } from '../clickstream-generator/seeded-random.js';
import type { ClickEvent } from '../producer/click-event.js';
import { FEATURE_COLUMNS, featureVector } from './features.js';
import { userActivityFeatures } from './user-activity-features.js';

export interface LabeledRows {
  readonly rows: number[][];
  readonly labels: number[];
}

/** Clicks generated per row wanted: enough bot bursts and price outliers to sample from. */
const CLICKS_PER_ROW = 10;
/** Share of anomalous rows in a sample, split between bot bursts and price outliers. */
const ANOMALY_SHARE = 0.15;
/** A Monday at midnight in New York: the start of the week the training clickstream covers. */
const TRAINING_WEEK = Date.UTC(2026, 9, 5, 4);

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** `count` rows, about 15 % anomalies, the same for the same seed. */
export function labeledRows(count: number, seed: number): LabeledRows {
  const events = Math.max(2_000, count * CLICKS_PER_ROW);
  const clicks: ClickEvent[] = [];
  const labels = new Map<string, string>();
  for (const click of generateClickstream({
    seed,
    events,
    start: TRAINING_WEEK,
    // Spread over a week, so every hour and day of it is in the data.
    eventsPerHour: events / (24 * 7),
    people: Math.max(50, Math.round(events / 20)),
    anomalies: { botBurst: 0.0005, cartAbandonment: 0.04, priceOutlier: 0.06 },
    malformedShare: 0,
    idPrefix: `train${String(seed)}`,
  })) {
    if (click.event === null) continue;
    clicks.push(click.event);
    labels.set(click.event.event_id, click.label);
  }
  const rows = userActivityFeatures(clicks).map((row) => ({ row, label: labels.get(row.event_id) ?? 'normal' }));
  const random = seededRandom(seed);
  const byLabel = (wanted: string) => shuffled(random, rows.filter(({ label }) => label === wanted));
  const anomalyQuota = Math.round(count * ANOMALY_SHARE);
  const outliers = byLabel('price-outlier').slice(0, Math.ceil(anomalyQuota / 2));
  const bots = byLabel('bot-burst').slice(0, anomalyQuota - outliers.length);
  const ordinary = shuffled(random, rows.filter(({ label }) => label === 'normal' || label === 'cart-abandonment')).slice(0, count - outliers.length - bots.length);
  const sample = shuffled(random, [...ordinary, ...bots, ...outliers]);
  if (sample.length < count) throw new Error(`the training clickstream (seed ${String(seed)}) gave ${String(sample.length)} rows, fewer than the ${String(count)} wanted`);
  const vectors = sample.map(({ row }) => featureVector(row));
  if (vectors.some((vector) => vector.length !== FEATURE_COLUMNS.length)) throw new Error('a training row does not have one value per feature');
  return { rows: vectors, labels: sample.map(({ label }) => (label === 'bot-burst' || label === 'price-outlier' ? 1 : 0)) };
}
