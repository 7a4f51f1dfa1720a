import { describe, expect, it } from 'vitest';
import { headlinesOf, judgeRun } from '../../bench/bench-summary.js';
import { EventTimeline } from '../../local/pipeline/event-timeline.js';
import type { PipelineResult } from '../../local/pipeline/pipeline-run.js';

/** A run of 400 events at 10/s (40 s of generation): 15 s of drain are allowed (max of 15 and 10). */
function run(outcome: PipelineResult['outcome'], written: readonly number[], predictions = 396, indexedSeconds = 40): PipelineResult {
  const timeline = new EventTimeline();
  timeline.mark('e1', 'indexed', 1_000);
  timeline.mark('e1', 'written', 1_250);
  return {
    runId: 'bench-10',
    outcome,
    startedAt: '2026-11-23T10:00:00.000Z',
    seconds: 70,
    settings: { events: 400, ratePerSecond: 10, seed: 1, malformedShare: 0.01 },
    jobs: ['user-activity.v1'],
    counts: { generated: 400, generatedMalformed: 4, indexed: 400, producerRead: 400, rawEvents: 396, rawRecords: 396, featureRows: 396, predictions, deadLettered: { producer: 4, enricher: 0, eventSource: 0 }, jobDeadLetters: {}, deadLetterMessages: 4, unaccounted: outcome === 'complete' ? 0 : 3, unexpectedPredictions: 0 },
    deadLetterReasons: [],
    missing: [],
    latency: timeline.latencies(['e1']),
    // Indexing busy for the first `indexedSeconds` seconds.
    throughput: { indexed: Array.from({ length: 70 }, (_, second) => (second < indexedSeconds ? 400 / indexedSeconds : 0)), raw: [], written },
    faults: [],
    predictionsTable: 'bench-10-predictions',
  };
}

const writtenUntil = (last: number): number[] => Array.from({ length: 70 }, (_, second) => (second <= last ? 10 : 0));

describe('judgeRun', () => {
  it('says a complete run kept up when the predictions stopped soon after the last event', () => {
    const judged = judgeRun(run('complete', writtenUntil(45)));
    expect(judged).toMatchObject({ sustained: true, drainSeconds: 6, endToEnd: { p50: 250, p99: 250 }, hopsP50: { total: 250 } });
  });

  it('says a run fell behind when draining took longer than allowed, and an incomplete run never kept up', () => {
    expect(judgeRun(run('complete', writtenUntil(60)))).toMatchObject({ sustained: false, drainSeconds: 21, why: 'fell behind: 21 s to drain after the last event (allowed 15 s)' });
    expect(judgeRun(run('incomplete', writtenUntil(45)))).toMatchObject({ sustained: false, why: '3 events unaccounted' });
  });

  it('does not call a run kept up when valid events were dead-lettered, or when Elasticsearch indexed below the rate', () => {
    expect(judgeRun(run('complete', writtenUntil(45), 390))).toMatchObject({ sustained: false, why: '6 valid events dead-lettered instead of predicted' });
    // 400 events over 50 s: 8/s against a rate of 10.
    expect(judgeRun(run('complete', writtenUntil(55), 396, 50))).toMatchObject({ sustained: false, why: 'Elasticsearch indexed 8 events/s, under 90 % of the rate' });
  });
});

describe('headlinesOf', () => {
  it("reads each part's figure and its same-run baseline from the results the part wrote", () => {
    expect(headlinesOf('producer', { producerToKinesalitePerSecond: 7_000, bareReadPerSecond: 14_000, elasticdumpPerSecond: 3_500, kinesaliteAlonePerSecond: 8_750 }).map((line) => line.ratio)).toEqual([0.5, 2, 0.8]);
    expect(headlinesOf('sql', { cores: 2, datagen: { results: [{ job: 'user-activity', generatedPerSecond: 22_000, handWrittenPerSecond: 22_000 }] } })).toEqual([
      { part: 'sql', measure: 'user-activity events/s, generated SQL', value: '22,000', baseline: 'hand-written 22,000', ratio: 1 },
    ]);
    expect(headlinesOf('model', { batch: 100, baseline: { p50: 0.5 }, inference: { p50: 2 } })[0]?.ratio).toBe(4);
  });

  it('names the missing figure when a results file lacks it', () => {
    expect(() => headlinesOf('enricher', { overhead: { p50: 10 } })).toThrow('results have no number at baseline.p50');
  });
});
