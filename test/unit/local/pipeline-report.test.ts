import { describe, expect, it } from 'vitest';
import { EventTimeline, HOPS } from '../../../local/pipeline/event-timeline.js';
import { BUCKET_BOUNDS, distributionOf, histogramOf } from '../../../local/pipeline/latency-distribution.js';
import type { PipelineResult } from '../../../local/pipeline/pipeline-run.js';
import { RateWindow } from '../../../local/pipeline/rate-window.js';
import { renderRunReport } from '../../../local/pipeline/run-report.js';
import { progressLine, summaryLines } from '../../../local/pipeline/run-summary.js';

describe('event timeline', () => {
  it('measures each hop from the first time an event reached each mark', () => {
    // Prepare
    const timeline = new EventTimeline();
    timeline.mark('e1', 'indexed', 1_000);
    timeline.mark('e1', 'sent', 1_004);
    timeline.mark('e1', 'raw', 1_010);
    timeline.mark('e1', 'raw', 5_000); // delivered again after a restart: the first arrival counts
    timeline.mark('e1', 'features', 1_030);
    timeline.mark('e1', 'scored', 1_090);
    timeline.mark('e1', 'written', 1_100);
    timeline.mark('e2', 'indexed', 2_000);
    timeline.mark('e2', 'raw', 2_500);

    // Act
    const latencies = timeline.latencies(['e1', 'e2']);

    // Assess: producer 10 and 500 ms, split 4 + 6 for e1 (e2 has no send time); the other hops only e1's.
    expect(latencies.map(({ hop, distribution }) => [hop.key, distribution.count, distribution.max])).toEqual([
      ['producer', 2, 500],
      ['producer-read', 1, 4],
      ['producer-send', 1, 6],
      ['flink', 1, 20],
      ['enricher', 1, 60],
      ['write', 1, 10],
      ['total', 1, 100],
    ]);
    expect(timeline.lastMark('e2')).toBe('raw');
    expect(timeline.lastMark('never')).toBeUndefined();
    expect(timeline.perSecond('indexed', 1_000, 3)).toEqual([1, 1, 0]);
  });

  it('says how many events wait between two marks and how long the oldest has, leaving settled ones out', () => {
    // Prepare: e1 went through, e2 and e3 wait for the raw stream, e4 was dead-lettered.
    const timeline = new EventTimeline();
    timeline.mark('e1', 'indexed', 1_000);
    timeline.mark('e1', 'raw', 1_200);
    timeline.mark('e2', 'indexed', 2_000);
    timeline.mark('e3', 'indexed', 3_000);
    timeline.mark('e4', 'indexed', 500);
    const ids = ['e1', 'e2', 'e3', 'e4', 'never-indexed'];

    // Act
    const waiting = timeline.backlog(ids, 'indexed', 'raw', 5_000, (id) => id === 'e4');
    const none = timeline.backlog(ids, 'raw', 'written', 5_000, () => false);

    // Assess
    expect(waiting).toEqual({ events: 2, oldestMs: 3_000 });
    expect(timeline.backlog(['e1'], 'indexed', 'raw', 5_000, () => false)).toEqual({ events: 0, oldestMs: 0 });
    expect(none).toEqual({ events: 1, oldestMs: 3_800 });
  });

  it('puts each latency in the first bucket whose bound holds it, the rest in the last', () => {
    const counts = histogramOf([0, 1, 1.5, 100, 100.5, 1e9]);
    expect(counts[BUCKET_BOUNDS.indexOf(1)]).toBe(2);
    expect(counts[BUCKET_BOUNDS.indexOf(2)]).toBe(1);
    expect(counts[BUCKET_BOUNDS.indexOf(100)]).toBe(1);
    expect(counts[BUCKET_BOUNDS.indexOf(200)]).toBe(1);
    expect(counts.at(-1)).toBe(1);
    expect(distributionOf([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p90: 5, p99: 5, max: 5 });
  });
});

describe('live progress', () => {
  it('gives each count a rate over the last 5 s, 0 until there are two samples', () => {
    // Prepare
    const window = new RateWindow<'indexed' | 'raw'>(5_000);

    // Act: a sample a second; raw stalls after 3 s.
    const rates = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((second) => window.add(second * 1_000, { indexed: second * 100, raw: Math.min(second, 3) * 100 }));

    // Assess: over the last 5 s once there are 5 s of samples; 5 s after the stall, raw is at 0/s.
    expect(rates[0]).toEqual({ indexed: 0, raw: 0 });
    expect(rates[1]).toEqual({ indexed: 100, raw: 100 });
    expect(rates[5]?.raw).toBe(60);
    expect(rates[7]).toEqual({ indexed: 100, raw: 20 });
    expect(rates[8]).toEqual({ indexed: 100, raw: 0 });
  });

  it('shows counts, rates and what waits behind the producer and the scoring', () => {
    const line = progressLine({
      elapsedMs: 42_000,
      generated: 20_000,
      indexed: 14_000,
      raw: 13_500,
      featureRows: 70_000,
      enriched: 12_000,
      deadLettered: { producer: 130, enricher: 2 },
      accounted: 12_132,
      ratePerSecond: { indexed: 333.4, raw: 320, featureRows: 1_800, enriched: 310 },
      lag: { producer: { events: 370, oldestMs: 1_240 }, scoring: { events: 0, oldestMs: 0 } },
    });

    expect(line).toBe(
      '[  42 s] indexed 14,000/20,000 (333/s) | raw 13,500 (320/s, lag 370 / 1.2 s) | rows 70,000 (1,800/s) | ' +
        'enriched 12,000 (310/s, lag 0) | DLQ 130+2 | accounted 12,132',
    );
    expect(line.length).toBeLessThanOrEqual(170);
  });
});

const hostile = '</script><script>alert(1)</script> & "quotes"';
const result: PipelineResult = {
  runId: 'run-test',
  outcome: 'incomplete',
  startedAt: '2026-11-23T10:00:00.000Z',
  seconds: 12.5,
  settings: { events: 10, ratePerSecond: 5, seed: 1, malformedShare: 0.1 },
  jobs: ['user-activity.v1'],
  counts: {
    generated: 10,
    generatedMalformed: 1,
    indexed: 10,
    producerRead: 10,
    rawEvents: 9,
    rawRecords: 9,
    featureRows: 8,
    predictions: 8,
    deadLettered: { producer: 1, enricher: 0, eventSource: 0 },
    jobDeadLetters: {},
    deadLetterMessages: 1,
    unaccounted: 1,
    unexpectedPredictions: 0,
  },
  deadLetterReasons: [{ hop: 'producer', reason: hostile, count: 1 }],
  missing: [{ id: 'e9', lastSeen: 'raw' }],
  latency: new EventTimeline().latencies([]),
  throughput: { indexed: [5, 5], raw: [4, 5], written: [3, 5] },
  faults: [],
  predictionsTable: 'run-test-predictions',
};

describe('run summary and report', () => {
  it('say when events are unaccounted and where they were last seen', () => {
    const text = summaryLines(result).join('\n');
    expect(text).toContain('INCOMPLETE, 1 events unaccounted');
    expect(text).toContain('e9: raw');
    expect(text).toContain('predictions + dead letters = 9 of 10 generated');
    expect(text).toMatch(/read by the producer +10 /);
  });

  it('embed hostile text escaped: no second script element, no raw markup', () => {
    const html = renderRunReport(result);
    expect(html.match(/<script/g)).toHaveLength(2); // the data and the chart script, nothing injected
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;alert(1)');
    for (const hop of HOPS) expect(html).toContain(hop.budget);
  });
});
