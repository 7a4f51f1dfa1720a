/**
 * The enricher of a run, as Lambda would run it: the event-source runner reads the features stream and calls
 * the handler with batches. Marks when each event's prediction was written, and collects the events of batches
 * sent to the on-failure destination (their records read back off the stream, as Lambda gives only positions).
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Context } from 'aws-lambda';
import { join } from 'node:path';
import { enricherConfigFromEnv } from '../../enricher/enricher-config.js';
import { enricherDependencies } from '../../enricher/enricher-dependencies.js';
import { createHandler } from '../../enricher/handler.js';
import type { EnricherJobsEnvironment } from '../../infra/enricher-environment.js';
import { startKinesisEventSource, type KinesisHandler, type OnFailureMessage, type RunningEventSource } from '../lambda-event-source/kinesis-event-source.js';
import type { ServiceEndpoints } from '../services/service-types.js';
import type { EventTimeline } from './event-timeline.js';
import { eventIdOf, rowOf } from './pipeline-records.js';
import { recordsInRange } from './stream-range.js';

const LAMBDA_CONTEXT = { functionName: 'enricher-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

export interface RunEnricherOptions {
  readonly services: Pick<ServiceEndpoints, 'redis' | 'dynamodb' | 'sqs'>;
  readonly jobsEnvironment: EnricherJobsEnvironment;
  readonly featuresStream: string;
  readonly predictionsTable: string;
  readonly deadLetterQueue: string;
  readonly modelUrl: string;
  readonly workDir: string;
  readonly otherFeatureSets: ReadonlySet<string>;
  readonly timeline: EventTimeline;
}

export interface RunEnricher {
  readonly source: RunningEventSource;
  /** Events whose batch went to the on-failure destination after its retries. */
  readonly onFailureIds: ReadonlySet<string>;
}

export async function startRunEnricher(kinesis: KinesisClient, options: RunEnricherOptions): Promise<RunEnricher> {
  const { services, timeline, otherFeatureSets } = options;
  // Its logs and EMF metrics are for CloudWatch; here the run's summary says the same.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const config = enricherConfigFromEnv({
    ...options.jobsEnvironment,
    PREDICTIONS_TABLE: options.predictionsTable,
    REDIS_URL: services.redis.url,
    ML_ENDPOINT: options.modelUrl,
    DEAD_LETTER_QUEUE: options.deadLetterQueue,
    AWS_REGION: services.dynamodb.region,
    DYNAMODB_ENDPOINT: services.dynamodb.endpoint,
    SQS_ENDPOINT: services.sqs.endpoint,
    DEAD_LETTER_PAYLOADS: `file:${join(options.workDir, 'dead-letter-payloads')}`,
  });
  const dependencies = await enricherDependencies(config);
  // Lambda runs one invocation at a time per container, and the handler (Powertools' BatchProcessor)
  // relies on it; the runner has a batch in flight per shard, so each concurrent batch gets a handler
  // of its own, as it would get a container. They share the clients, which are safe to share.
  const idleHandlers: ReturnType<typeof createHandler>[] = [];
  const enrich: ReturnType<typeof createHandler> = async (event, context) => {
    const handler = idleHandlers.pop() ?? createHandler(() => dependencies);
    try {
      return await handler(event, context);
    } finally {
      idleHandlers.push(handler);
    }
  };
  const handler: KinesisHandler = async (event) => {
    const response = await enrich(event, LAMBDA_CONTEXT);
    const at = Date.now();
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    // Lambda goes on from the first failed record: the ones before it are done.
    for (const record of event.Records) {
      if (failed.has(record.kinesis.sequenceNumber)) break;
      const id = eventIdOf(rowOf(record), otherFeatureSets);
      if (id !== undefined) timeline.mark(id, 'written', at);
    }
    return response;
  };
  const onFailureIds = new Set<string>();
  const onFailure = async (message: OnFailureMessage): Promise<void> => {
    // Lambda's on-failure destination gets the batch's position only; the records are still on the stream.
    const { shardId, startSequenceNumber, endSequenceNumber } = message.KinesisBatchInfo;
    for (const record of await recordsInRange(kinesis, options.featuresStream, shardId, startSequenceNumber, endSequenceNumber)) {
      const id = eventIdOf(rowOf(record), otherFeatureSets);
      if (id !== undefined) onFailureIds.add(id);
    }
  };
  // Retries outlast a short ML outage: a batch failing fast on the open breaker (5 s before it lets a
  // call through again) gets 12 x 0.5 s, so a few seconds of 500s do not send records to on-failure.
  const source = await startKinesisEventSource(
    kinesis,
    { stream: options.featuresStream, startingPosition: 'TRIM_HORIZON', batchSize: 100, batchingWindowMs: 20, reportBatchItemFailures: true, bisectOnError: true, maxRetryAttempts: 12, onFailure, pollIntervalMs: 50, retryDelayMs: 500 },
    handler,
  );
  return { source, onFailureIds };
}
