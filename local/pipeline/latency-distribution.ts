/** Percentiles and histograms of measured latencies (milliseconds), for the run summary and report. */

/** The p-th percentile (0-100) of samples sorted ascending; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export function distributionOf(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** Upper bounds (ms) of the histogram buckets: 1-2-5 steps, so a few ms and a few seconds both read well. */
export const BUCKET_BOUNDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 60_000, Number.POSITIVE_INFINITY] as const;

/** How many samples fall at or under each bound (and over the one before). */
export function histogramOf(samples: readonly number[]): number[] {
  const counts = BUCKET_BOUNDS.map(() => 0);
  for (const sample of samples) {
    const bucket = BUCKET_BOUNDS.findIndex((bound) => sample <= bound);
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}
