/**
 * Per-second rates of a run's running counts over its last few seconds, for live progress: how fast
 * each hop moves now, not since the start (a hop that stalled shows 0/s at once).
 */
export class RateWindow<Key extends string> {
  private readonly samples: { readonly at: number; readonly counts: Readonly<Record<Key, number>> }[] = [];

  constructor(private readonly windowMs = 5_000) {}

  /**
   * Adds a sample and returns each count's rate since the oldest sample in the window (0 for the
   * first sample: a rate needs two).
   */
  add(at: number, counts: Readonly<Record<Key, number>>): Record<Key, number> {
    this.samples.push({ at, counts });
    while (this.samples.length > 2 && at - (this.samples[1]?.at ?? at) >= this.windowMs) this.samples.shift();
    const oldest = this.samples[0] ?? { at, counts };
    const seconds = (at - oldest.at) / 1000;
    const rates = {} as Record<Key, number>;
    for (const key of Object.keys(counts) as Key[]) rates[key] = seconds > 0 ? Math.max(0, counts[key] - oldest.counts[key]) / seconds : 0;
    return rates;
  }
}
