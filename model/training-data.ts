/**
 * Labeled feature rows for training and evaluating the reference model, drawn from a seeded random
 * generator so `npm run train-model` is deterministic. Label 1 marks the anomalies the synthetic
 * clickstream injects: bot bursts (hundreds of clicks an hour over many pages, often at night) and
 * price outliers (a price far from the user's hour: |z| >= 3); label 0 is ordinary browsing.
 */
import { FEATURE_COLUMNS, featureVector } from './features.js';

export interface LabeledRows {
  readonly rows: number[][];
  readonly labels: number[];
}

/** mulberry32: a small, well-known 32-bit generator; enough for reproducible synthetic data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(random: () => number, low: number, high: number): number {
  return low + random() * (high - low);
}

function normal(random: () => number): number {
  // Box-Muller; 1 - random() keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function ordinary(random: () => number) {
  const count = Math.max(1, Math.round(Math.exp(between(random, 0, 3.7))));
  const pricey = random() < 0.6;
  return {
    hour_of_day: Math.floor(between(random, 7, 24)) % 24,
    day_of_week: 1 + Math.floor(random() * 7),
    event_count_1h: count,
    url_count_distinct_1h: Math.max(1, Math.round(count * between(random, 0.3, 1))),
    price_avg_1h: pricey ? between(random, 5, 120) : null,
    price_zscore_1h: pricey && count > 1 ? Math.max(-2.8, Math.min(2.8, normal(random))) : null,
  };
}

function botBurst(random: () => number) {
  const count = Math.round(between(random, 150, 2500));
  return {
    hour_of_day: random() < 0.7 ? Math.floor(between(random, 0, 6)) : Math.floor(between(random, 0, 24)),
    day_of_week: 1 + Math.floor(random() * 7),
    event_count_1h: count,
    url_count_distinct_1h: Math.round(count * between(random, 0.5, 1)),
    price_avg_1h: random() < 0.2 ? between(random, 5, 120) : null,
    price_zscore_1h: null,
  };
}

function priceOutlier(random: () => number) {
  const row = ordinary(random);
  const sign = random() < 0.5 ? -1 : 1;
  return { ...row, event_count_1h: Math.max(3, row.event_count_1h), price_avg_1h: between(random, 5, 120), price_zscore_1h: sign * between(random, 3, 12) };
}

/** `count` rows, about 15 % anomalies, the same for the same seed. */
export function labeledRows(count: number, seed: number): LabeledRows {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let index = 0; index < count; index++) {
    const draw = random();
    const label = draw < 0.85 ? 0 : 1;
    const row = draw < 0.85 ? ordinary(random) : draw < 0.93 ? botBurst(random) : priceOutlier(random);
    rows.push(featureVector(row));
    labels.push(label);
  }
  if (rows.some((row) => row.length !== FEATURE_COLUMNS.length)) throw new Error('a training row does not have one value per feature');
  return { rows, labels };
}
