/**
 * What one batch tells the operators: a warning per record retried or dead-lettered, one per batch whose
 * lookups Redis failed, and the CloudWatch metrics (EMF) the CDK app's alarms and dashboard read.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { BatchOutcome } from './enrich-batch.js';
import type { InferenceMeasure } from './measured-inference.js';

export function reportBatch(batch: BatchOutcome, ml: InferenceMeasure, logger: Logger, metrics: Metrics): void {
  for (const [sequence, outcome] of batch.outcomes) {
    if (outcome.kind === 'retry' || outcome.kind === 'dead-lettered') logger.warn(outcome.kind === 'retry' ? 'record will be retried' : 'record dead-lettered', { sequenceNumber: sequence, reason: outcome.reason });
  }
  metrics.addMetric('RecordsWritten', MetricUnit.Count, batch.counts.written);
  metrics.addMetric('RecordsSkipped', MetricUnit.Count, batch.counts.skipped);
  metrics.addMetric('RecordsDeadLettered', MetricUnit.Count, batch.counts.deadLettered);
  metrics.addMetric('RecordsRetried', MetricUnit.Count, batch.counts.retry);
  metrics.addMetric('LookupsFresh', MetricUnit.Count, batch.counts.fresh);
  metrics.addMetric('LookupsCached', MetricUnit.Count, batch.counts.cached);
  metrics.addMetric('LookupsMissing', MetricUnit.Count, batch.counts.missing);
  // Lookups Redis failed (down, too slow, refusing the command: CROSSSLOT on a cluster) are counted apart from data that is absent.
  metrics.addMetric('LookupsFailed', MetricUnit.Count, batch.counts.failed);
  if (batch.redisErrors.length > 0) logger.warn('reference lookups failed; the cache or no reference data answered them', { failed: batch.counts.failed, errors: batch.redisErrors });
  // What the ML API alarms watch (infra/cdk): calls, failed calls (after retries) and time per batch.
  metrics.addMetric('MlRequests', MetricUnit.Count, ml.calls);
  metrics.addMetric('MlRequestErrors', MetricUnit.Count, ml.failures);
  if (ml.calls > 0) metrics.addMetric('MlRequestLatency', MetricUnit.Milliseconds, ml.milliseconds);
  metrics.publishStoredMetrics();
}
