/**
 * When each event passed each hop, by event id: measured at the hop, never estimated. The run's
 * latencies per hop and end to end are differences of these marks.
 *
 * - indexed: Elasticsearch acknowledged the document (the generator's bulk request);
 * - sent: the producer sent its record (the record's `sent_at`, stamped when its page went to PutRecords);
 * - raw: the raw stream's arrival time of the producer's record (read by a tap on the stream);
 * - features: the features stream's arrival time of the Flink job's row (as the enricher got it);
 * - scored: the enricher had the ML API's answer (stored with the prediction);
 * - written: the enricher's invocation that wrote the prediction returned.
 */
import { distributionOf, histogramOf, type Distribution } from './latency-distribution.js';

export const MARKS = ['indexed', 'sent', 'raw', 'features', 'scored', 'written'] as const;
export type Mark = (typeof MARKS)[number];

export interface Hop {
  readonly key: string;
  readonly label: string;
  readonly from: Mark;
  readonly to: Mark;
  /** The budget DESIGN.md holds the hop to in AWS. */
  readonly budget: string;
}

export const HOPS: readonly Hop[] = [
  { key: 'producer', label: 'Elasticsearch -> raw stream (producer)', from: 'indexed', to: 'raw', budget: '5-10 ms' },
  { key: 'producer-read', label: '  of which Elasticsearch -> sent (refresh, tail poll, read)', from: 'indexed', to: 'sent', budget: '(in the 5-10 ms)' },
  { key: 'producer-send', label: '  of which sent -> raw stream (PutRecords)', from: 'sent', to: 'raw', budget: '(in the 5-10 ms)' },
  { key: 'flink', label: 'raw stream -> features stream (Flink job)', from: 'raw', to: 'features', budget: '10-20 ms' },
  { key: 'enricher', label: 'features stream -> scored (enricher: batching, Redis, ML API)', from: 'features', to: 'scored', budget: '60 ms (5 + 5 + 50)' },
  { key: 'write', label: 'scored -> written (DynamoDB)', from: 'scored', to: 'written', budget: '10 ms' },
  { key: 'total', label: 'end to end (indexed -> prediction written)', from: 'indexed', to: 'written', budget: '85-95 ms' },
];

export interface HopLatency {
  readonly hop: Hop;
  readonly distribution: Distribution;
  readonly histogram: readonly number[];
}

/** Events that reached one mark and not yet the next: how many, and how long the oldest has waited. */
export interface Backlog {
  readonly events: number;
  /** Since the oldest waiting event reached the first mark; 0 when nothing waits. */
  readonly oldestMs: number;
}

export class EventTimeline {
  private readonly marks = new Map<string, Partial<Record<Mark, number>>>();

  /** The first time counts: a record delivered twice (a retry, a restart) does not move its marks. */
  mark(id: string, mark: Mark, at: number): void {
    let marks = this.marks.get(id);
    if (marks === undefined) {
      marks = {};
      this.marks.set(id, marks);
    }
    marks[mark] ??= at;
  }

  has(id: string, mark: Mark): boolean {
    return this.marks.get(id)?.[mark] !== undefined;
  }

  /** The furthest hop an event reached, for saying where a missing one got stuck. */
  lastMark(id: string): Mark | undefined {
    const marks = this.marks.get(id);
    return marks === undefined ? undefined : MARKS.findLast((mark) => marks[mark] !== undefined);
  }

  count(mark: Mark): number {
    let count = 0;
    for (const marks of this.marks.values()) if (marks[mark] !== undefined) count += 1;
    return count;
  }

  /**
   * The events of `ids` that reached `from` but not `to`, leaving out the `settled` ones (dead
   * letters, which never reach a later hop): what a hop still owes, the live "lag" of a run.
   */
  backlog(ids: Iterable<string>, from: Mark, to: Mark, now: number, settled: (id: string) => boolean): Backlog {
    let events = 0;
    let oldest = now;
    for (const id of ids) {
      const marks = this.marks.get(id);
      const reached = marks?.[from];
      if (reached === undefined || marks?.[to] !== undefined || settled(id)) continue;
      events += 1;
      oldest = Math.min(oldest, reached);
    }
    return { events, oldestMs: now - oldest };
  }

  /** Latency of each hop over the given events (those that have both marks). */
  latencies(ids: Iterable<string>): HopLatency[] {
    const samples = HOPS.map((): number[] => []);
    for (const id of ids) {
      const marks = this.marks.get(id);
      if (marks === undefined) continue;
      HOPS.forEach((hop, index) => {
        const from = marks[hop.from];
        const to = marks[hop.to];
        if (from !== undefined && to !== undefined) samples[index]?.push(to - from);
      });
    }
    return HOPS.map((hop, index) => ({ hop, distribution: distributionOf(samples[index] ?? []), histogram: histogramOf(samples[index] ?? []) }));
  }

  /** Events per second reaching a mark, from `start` on, one entry per second. */
  perSecond(mark: Mark, start: number, seconds: number): number[] {
    const series = Array.from({ length: Math.max(0, seconds) }, () => 0);
    for (const marks of this.marks.values()) {
      const at = marks[mark];
      if (at === undefined) continue;
      const second = Math.floor((at - start) / 1000);
      if (second >= 0 && second < series.length) series[second] = (series[second] ?? 0) + 1;
    }
    return series;
  }
}
