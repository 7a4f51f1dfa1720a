/**
 * How the producer reports: `text` prints a progress line per page (throttled) and a summary for a
 * person at a terminal; `json` writes structured logs (Powertools Logger) and CloudWatch metrics in
 * Embedded Metric Format (Powertools Metrics) for the container in AWS.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { ProducerConfig } from './config.js';
import type { ProducerCounts } from './checkpoint.js';
import type { Progress, ProducerSummary } from './producer.js';

export type LogFormat = 'text' | 'json';

export interface ProducerReporter {
  info(message: string): void;
  progress(progress: Progress): void;
  summary(summary: ProducerSummary): void;
}

const PROGRESS_EVERY_MS = 2_000;

function describeLag(lagMs: number | null): string {
  if (lagMs === null) return 'lag unknown';
  return lagMs < 1000 ? `${lagMs} ms behind` : `${(lagMs / 1000).toFixed(1)} s behind`;
}

function line(counts: Readonly<ProducerCounts>, retried: number): string {
  return `read ${counts.read}, sent ${counts.sent}, dead-lettered ${counts.deadLettered}, retried ${retried}, skipped as already sent ${counts.duplicatesSkipped}, pages ${counts.batches}`;
}

export function producerReporter(format: LogFormat, config: ProducerConfig, counters: { readonly retried: number; readonly requests: number }): ProducerReporter {
  if (format === 'text') {
    let lastPrinted = 0;
    return {
      info: (message) => {
        console.log(`[producer] ${message}`);
      },
      progress: (progress) => {
        if (Date.now() - lastPrinted < PROGRESS_EVERY_MS) return;
        lastPrinted = Date.now();
        console.log(`[producer] ${progress.phase}: ${line(progress.counts, counters.retried)}; ${describeLag(progress.lagMs)}`);
      },
      summary: (summary) => {
        const rate = summary.seconds > 0 ? Math.round(summary.counts.read / summary.seconds) : 0;
        console.log(
          `[producer] ${summary.outcome === 'already-done' ? 'nothing to do, this range was finished before' : summary.outcome}: ${line(summary.counts, counters.retried)} in ${summary.seconds.toFixed(1)} s (${rate} docs/s this run)`,
        );
      },
    };
  }
  const logger = new Logger({ serviceName: 'clickstream-producer' });
  const metrics = new Metrics({ namespace: 'Clickstream/Producer', serviceName: 'clickstream-producer', defaultDimensions: { stream: config.stream } });
  let previous: Readonly<ProducerCounts> | undefined;
  let previousRetried = 0;
  let lastFlushed = 0;
  const publish = (counts: Readonly<ProducerCounts>, lagMs: number | null) => {
    const delta = (key: keyof ProducerCounts) => counts[key] - (previous?.[key] ?? 0);
    metrics.addMetric('DocumentsRead', MetricUnit.Count, delta('read'));
    metrics.addMetric('RecordsSent', MetricUnit.Count, delta('sent'));
    metrics.addMetric('DeadLettered', MetricUnit.Count, delta('deadLettered'));
    metrics.addMetric('Batches', MetricUnit.Count, delta('batches'));
    metrics.addMetric('EntriesRetried', MetricUnit.Count, counters.retried - previousRetried);
    if (lagMs !== null) metrics.addMetric('LagBehindNewest', MetricUnit.Milliseconds, lagMs);
    metrics.publishStoredMetrics();
    previous = { ...counts };
    previousRetried = counters.retried;
  };
  return {
    info: (message) => {
      logger.info(message);
    },
    progress: (progress) => {
      if (Date.now() - lastFlushed < PROGRESS_EVERY_MS) return;
      lastFlushed = Date.now();
      logger.info('progress', { phase: progress.phase, ...progress.counts, retried: counters.retried, lagMs: progress.lagMs });
      publish(progress.counts, progress.lagMs);
    },
    summary: (summary) => {
      logger.info('summary', { job: summary.job, outcome: summary.outcome, ...summary.counts, retried: counters.retried, requests: counters.requests, seconds: summary.seconds });
      publish(summary.counts, null);
    },
  };
}
