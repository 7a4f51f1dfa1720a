import { describe, expect, it } from 'vitest';
import { EventTimeline, HOPS } from '../../../local/pipeline/event-timeline.js';
import { BUCKET_BOUNDS, distributionOf, histogramOf } from '../../../local/pipeline/latency-distribution.js';
import type { PipelineResult } from '../../../local/pipeline/pipeline-run.js';
import { renderRunReport } from '../../../local/pipeline/run-report.js';
import { summaryLines } from '../../../local/pipeline/run-summary.js';

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
    rawEvents: 9,
    rawRecords: 9,
    featureRows: 8,
    predictions: 8,
    deadLettered: { producer: 1, enricher: 0, eventSource: 0 },
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
  });

  it('embed hostile text escaped: no second script element, no raw markup', () => {
    const html = renderRunReport(result);
    expect(html.match(/<script/g)).toHaveLength(2); // the data and the chart script, nothing injected
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;alert(1)');
    for (const hop of HOPS) expect(html).toContain(hop.budget);
  });
});
