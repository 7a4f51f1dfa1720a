/**
 * The enricher Lambda's entry point: a Kinesis event source mapping (with ReportBatchItemFailures) delivers
 * batches of feature rows; each is scored by `enrichBatch`, reported (`batch-report.ts`), and Powertools'
 * BatchProcessor turns the per-record outcomes into the partial batch response (the records to retry).
 *
 * Configuration: `enricher-config.ts`; clients: `enricher-dependencies.ts`, created on the first invocation
 * and reused by the container; the cache's credentials: `cache-credentials.ts`.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { reportBatch } from './batch-report.js';
import { enrichBatch, type EnrichDependencies } from './enrich-batch.js';
import { enricherConfigFromEnv } from './enricher-config.js';
import { enricherDependencies } from './enricher-dependencies.js';
import { measuredInference, newInferenceMeasure } from './measured-inference.js';

export type KinesisBatchHandler = (event: KinesisStreamEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

export function createHandler(dependencies: () => EnrichDependencies | Promise<EnrichDependencies>): KinesisBatchHandler {
  const logger = new Logger({ serviceName: 'clickstream-enricher' });
  const metrics = new Metrics({ namespace: 'Clickstream/Enricher', serviceName: 'clickstream-enricher' });
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  let resolved: EnrichDependencies | undefined;
  return async (event, context) => {
    resolved ??= await dependencies();
    const ml = newInferenceMeasure();
    const batch = await enrichBatch(event.Records, { ...resolved, inference: measuredInference(resolved.inference, ml) });
    reportBatch(batch, ml, logger, metrics);
    const recordHandler = (record: KinesisStreamRecord): void => {
      const outcome = batch.outcomes.get(record.kinesis.sequenceNumber);
      if (outcome?.kind === 'retry') throw new Error(outcome.reason);
    };
    // Every record failing is returned as failures too (not thrown): Lambda retries from the first one either way.
    return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  };
}

/** The Lambda entry point: `enricher/handler.handler`. */
export const handler: KinesisBatchHandler = createHandler(() => enricherDependencies(enricherConfigFromEnv(process.env)));
