/**
 * What `npm run bench` reports: one headline row per part's benchmark (its figure against the baseline
 * measured in the same run) read from the results file the part wrote, and for each pipeline run
 * at a fixed rate whether the pipeline kept up.
 */
import type { PipelineResult } from '../local/pipeline/pipeline-run.js';

export interface Headline {
  readonly part: string;
  readonly measure: string;
  readonly value: string;
  readonly baseline: string;
  /** value / baseline, in the direction the part's README states it. */
  readonly ratio: number;
}

type Json = Record<string, unknown>;

function at(json: unknown, ...path: (string | number)[]): unknown {
  let value: unknown = json;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return value;
}

function num(json: unknown, ...path: (string | number)[]): number {
  const value = at(json, ...path);
  if (typeof value !== 'number') throw new Error(`results have no number at ${path.join('.')}`);
  return value;
}

const round = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** The headline rows of one part's results file (as the part's bench wrote it). */
export function headlinesOf(part: string, results: unknown): Headline[] {
  switch (part) {
    case 'runner': {
      const rows = at(results, 'results');
      if (!Array.isArray(rows)) throw new Error('runner results have no rows');
      const relay = num(rows, 0, 'p50');
      const processing = num(rows, 1, 'p50');
      const event = num(rows, 2, 'p50');
      return [
        { part, measure: 'Flink hop p50, processing-time window', value: ms(processing), baseline: `bare relay ${ms(relay)}`, ratio: processing / relay },
        { part, measure: 'Flink hop p50, event-time window (5 s watermark)', value: ms(event), baseline: `bare relay ${ms(relay)}`, ratio: event / relay },
      ];
    }
    case 'sql': {
      const rows = at(results, 'datagen', 'results');
      if (!Array.isArray(rows)) throw new Error('sql results have no datagen rows');
      return rows.map((_, index) => {
        const generated = num(rows, index, 'generatedPerSecond');
        const handWritten = num(rows, index, 'handWrittenPerSecond');
        return { part, measure: `${String(at(rows, index, 'job'))} events/s, generated SQL`, value: round(generated), baseline: `hand-written ${round(handWritten)}`, ratio: generated / handWritten };
      });
    }
    case 'producer': {
      const producer = num(results, 'producerToKinesalitePerSecond');
      const bare = num(results, 'bareReadPerSecond');
      const dump = num(results, 'elasticdumpPerSecond');
      const alone = num(results, 'kinesaliteAlonePerSecond');
      return [
        { part, measure: 'docs/s ES -> kinesalite', value: round(producer), baseline: `bare PIT read ${round(bare)}`, ratio: producer / bare },
        { part, measure: 'docs/s ES -> kinesalite', value: round(producer), baseline: `elasticdump ${round(dump)}`, ratio: producer / dump },
        { part, measure: 'docs/s ES -> kinesalite', value: round(producer), baseline: `kinesalite alone ${round(alone)}`, ratio: producer / alone },
      ];
    }
    case 'model': {
      const inference = num(results, 'inference', 'p50');
      const health = num(results, 'baseline', 'p50');
      return [{ part, measure: `inference p50, ${String(num(results, 'batch'))} rows`, value: ms(inference), baseline: `health check ${ms(health)}`, ratio: inference / health }];
    }
    case 'enricher': {
      const overhead = num(results, 'overhead', 'p50');
      const bare = num(results, 'baseline', 'p50');
      return [
        { part, measure: 'overhead per batch p50, ML call excluded', value: ms(overhead), baseline: `bare I/O ${ms(bare)}`, ratio: overhead / bare },
        { part, measure: 'records/s, 4 shards, ML call included', value: round(num(results, 'recordsPerSecond', 'fourShards')), baseline: `1 shard ${round(num(results, 'recordsPerSecond', 'oneShard'))}`, ratio: num(results, 'recordsPerSecond', 'fourShards') / num(results, 'recordsPerSecond', 'oneShard') },
      ];
    }
    case 'job-tests': {
      const start = num(results, 'serverStartSeconds', 1);
      const seconds = (value: number): string => `${value.toFixed(1)} s`;
      const row = (measure: string, path: string[]): Headline => ({ part, measure, value: seconds(num(results, ...path, 'wallSeconds')), baseline: `server start ${seconds(start)}`, ratio: num(results, ...path, 'wallSeconds') / start });
      return [
        row(`one job's tests (${String(num(results, 'oneJob', 'cold', 'tests'))}), cold`, ['oneJob', 'cold']),
        row(`one job's tests, warm`, ['oneJob', 'warm']),
        row(`every job's tests (${String(num(results, 'allJobs', 'cold', 'tests'))} in ${String(num(results, 'allJobs', 'cold', 'files'))} files), cold`, ['allJobs', 'cold']),
        row(`every job's tests, warm`, ['allJobs', 'warm']),
      ];
    }
    default:
      throw new Error(`no headline for part '${part}'`);
  }
}

export interface RateRun {
  readonly ratePerSecond: number;
  readonly events: number;
  readonly outcome: PipelineResult['outcome'];
  /** From the last event indexed to the last prediction written: grows when the pipeline falls behind. */
  readonly drainSeconds: number;
  readonly endToEnd: { readonly p50: number; readonly p99: number } | undefined;
  readonly hopsP50: Readonly<Record<string, number>>;
  readonly sustained: boolean;
  readonly why: string;
}

function lastBusySecond(series: readonly number[]): number {
  for (let second = series.length - 1; second >= 0; second--) if ((series[second] ?? 0) > 0) return second;
  return -1;
}

/**
 * Whether a run at a fixed rate kept up: every event accounted for with every valid one predicted
 * (dead letters downstream of the producer are a failure here, not a way to keep up), Elasticsearch
 * indexed at 90 % of the rate at least, and the predictions stopped coming within `max(15 s, a
 * quarter of the generation time)` of the last event indexed. A pipeline that falls behind builds a
 * backlog that takes a share of the whole run to drain.
 */
export function judgeRun(result: PipelineResult): RateRun {
  const { events, ratePerSecond } = result.settings;
  const { indexed, written } = result.throughput;
  const lastIndexed = lastBusySecond(indexed);
  const drainSeconds = Math.max(0, lastBusySecond(written) - lastIndexed);
  const allowed = Math.max(15, (events / ratePerSecond) * 0.25);
  const firstIndexed = indexed.findIndex((count) => count > 0);
  const indexedPerSecond = firstIndexed < 0 ? 0 : result.counts.indexed / (lastIndexed - firstIndexed + 1);
  const valid = result.counts.generated - result.counts.generatedMalformed;
  const total = result.latency.find((hop) => hop.hop.key === 'total');
  const hopsP50 = Object.fromEntries(result.latency.filter((hop) => hop.distribution.count > 0).map((hop) => [hop.hop.key, hop.distribution.p50]));
  const common = { ratePerSecond, events, outcome: result.outcome, drainSeconds, endToEnd: total === undefined || total.distribution.count === 0 ? undefined : { p50: total.distribution.p50, p99: total.distribution.p99 }, hopsP50 };
  if (result.outcome !== 'complete') return { ...common, sustained: false, why: `${String(result.counts.unaccounted)} events unaccounted` };
  if (result.counts.predictions < valid) return { ...common, sustained: false, why: `${String(valid - result.counts.predictions)} valid events dead-lettered instead of predicted` };
  if (indexedPerSecond < ratePerSecond * 0.9) return { ...common, sustained: false, why: `Elasticsearch indexed ${String(Math.round(indexedPerSecond))} events/s, under 90 % of the rate` };
  if (drainSeconds > allowed) return { ...common, sustained: false, why: `fell behind: ${String(drainSeconds)} s to drain after the last event (allowed ${String(Math.round(allowed))} s)` };
  return { ...common, sustained: true, why: `kept up: drained ${String(drainSeconds)} s after the last event` };
}
