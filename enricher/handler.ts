/**
 * The enricher Lambda: a Kinesis event source mapping (with ReportBatchItemFailures) delivers batches
 * of feature rows; each batch is scored by `enrichBatch`, and Powertools' BatchProcessor turns the
 * per-record outcomes into the partial batch response (the records to retry).
 *
 * Configuration comes from the environment (`enricherConfigFromEnv`); clients are created once per
 * container on the first invocation and reused, and nothing does I/O at import time.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { formatZodIssues } from '../common/zod-issues.js';
import { awsClientConfig } from '../common/aws-clients.js';
import { openPayloadStore } from '../common/dead-letter/payload-stores.js';
import { SqsDeadLetterSink } from '../common/dead-letter/sqs-dead-letter-sink.js';
import { enrichBatch, type EnrichDependencies } from './enrich-batch.js';
import { InferenceClient } from './inference-client.js';
import { measuredInference, newInferenceMeasure } from './measured-inference.js';
import { PredictionWriter } from './prediction-writer.js';
import { cacheClient } from './cache-client.js';
import { FEATURE_SET } from './feature-row.js';
import { ReferenceLookup } from './reference-lookup.js';
import { enricherConfigFromEnv, type EnricherConfig } from './enricher-config.js';

const cacheCredentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });
export type CacheCredentials = z.infer<typeof cacheCredentialsSchema>;

/** Reads the cache user's secret (`fresh`: past Powertools' cache) with Powertools Parameters. */
export type CacheCredentialsSource = (secretArn: string, fresh: boolean) => Promise<CacheCredentials>;

function secretsManagerCredentials(config: EnricherConfig): CacheCredentialsSource {
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(awsClientConfig(config.AWS_REGION, config.SECRETS_MANAGER_ENDPOINT)) });
  return async (secretArn, fresh) => {
    const parsed = cacheCredentialsSchema.safeParse(await provider.get(secretArn, { transform: 'json', forceFetch: fresh }));
    if (!parsed.success) throw new Error(`the cache secret ${secretArn} must be JSON {"username", "password"}: ${formatZodIssues(parsed.error.issues)}`);
    return parsed.data;
  };
}

/** The cache refused the user's password: after a rotation, a reconnect still sends the old one. */
function isAuthenticationError(error: Error): boolean {
  return /^(WRONGPASS|NOAUTH)\b/.test(error.message);
}

/** Clients for a configuration: created once, reused by every invocation of the container. */
export async function enricherDependencies(config: EnricherConfig, cacheCredentials: CacheCredentialsSource = secretsManagerCredentials(config)): Promise<EnrichDependencies> {
  const secretArn = config.REDIS_AUTH_SECRET_ARN;
  const credentials = secretArn === undefined ? {} : await cacheCredentials(secretArn, false);
  const cache = cacheClient(config.REDIS_URL, config.REDIS_MODE, credentials);
  let refreshing = false;
  cache.onError((error: Error) => {
    // Outages are handled per batch (the cache answers); the connection reconnects by itself. A
    // refused password means the secret was rotated: read it again, and the next reconnect uses it.
    if (secretArn === undefined || refreshing || !isAuthenticationError(error)) return;
    refreshing = true;
    cacheCredentials(secretArn, true)
      .then((fresh) => {
        cache.setCredentials(fresh);
      })
      .catch(() => undefined)
      .finally(() => {
        refreshing = false;
      });
  });
  return {
    lookups: new ReferenceLookup(cache.client, { zip_codes: { keyPrefix: config.REFERENCE_KEY_PREFIXES.zip_codes }, ip_networks: { keyPrefix: config.REFERENCE_KEY_PREFIXES.ip_networks } }, { budgetMs: config.LOOKUP_BUDGET_MS, cacheEntries: 100_000, cacheTtlMs: 10 * 60_000 }),
    inference: new InferenceClient({ endpoint: config.ML_ENDPOINT, model: config.MODEL_NAME, timeoutMs: config.ML_TIMEOUT_MS, maxRowsPerRequest: config.ML_MAX_ROWS_PER_REQUEST }),
    predictions: new PredictionWriter(DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig(config.AWS_REGION, config.DYNAMODB_ENDPOINT))), config.PREDICTIONS_TABLE, { ttlDays: config.PREDICTION_TTL_DAYS }),
    deadLetters: new SqsDeadLetterSink(new SQSClient(awsClientConfig(config.AWS_REGION, config.SQS_ENDPOINT)), config.DEAD_LETTER_QUEUE, openPayloadStore(config.DEAD_LETTER_PAYLOADS, config.AWS_REGION, config.S3_ENDPOINT).store, undefined, 'enricher'),
    missingReference: config.MISSING_REFERENCE,
    otherFeatureSets: new Set([...config.FEATURE_SETS].filter((name) => name !== FEATURE_SET)),
  };
}

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
    const recordHandler = (record: KinesisStreamRecord): void => {
      const outcome = batch.outcomes.get(record.kinesis.sequenceNumber);
      if (outcome?.kind === 'retry') throw new Error(outcome.reason);
    };
    // Every record failing is returned as failures too (not thrown): Lambda retries from the first one either way.
    return processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
  };
}

export { enricherConfigFromEnv, type EnricherConfig };

/** The Lambda entry point: `enricher/handler.handler`. */
export const handler: KinesisBatchHandler = createHandler(() => enricherDependencies(enricherConfigFromEnv(process.env)));
