/**
 * Seeded randomness for synthetic data: the same seed gives the same clickstream and the same
 * training set on every machine, so tests and `npm run train-model` are reproducible.
 */

export type Random = () => number;

/** mulberry32: a small, well-known 32-bit generator; plenty for synthetic data, not for secrets. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function between(random: Random, low: number, high: number): number {
  return low + random() * (high - low);
}

export function integerBetween(random: Random, low: number, highInclusive: number): number {
  return low + Math.floor(random() * (highInclusive - low + 1));
}

/** A standard normal draw (Box-Muller); `1 - random()` keeps the logarithm finite. */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** An exponential draw with the given mean: the gap between events of a Poisson process. */
export function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

export function pickOne<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pickOne: no items to pick from');
  return item;
}

/** Picks a key by weight: `{ home: 4, product: 3 }` gives home 4 times in 7. */
export function pickWeighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [key, weight] of entries) {
    draw -= weight;
    if (draw < 0) return key;
  }
  const last = entries.at(-1);
  if (last === undefined) throw new Error('pickWeighted: no weights');
  return last[0];
}
