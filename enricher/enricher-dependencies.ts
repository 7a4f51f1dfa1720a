/**
 * The enricher's clients for a configuration: created once per container on its first invocation, reused by
 * every invocation after (nothing does I/O at import time).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig } from '../common/aws-clients.js';
import { openPayloadStore } from '../common/dead-letter/payload-stores.js';
import { SqsDeadLetterSink } from '../common/dead-letter/sqs-dead-letter-sink.js';
import { cacheClient } from './cache-client.js';
import { watchCacheErrors, secretsManagerCredentials, type CacheCredentialsSource } from './cache-credentials.js';
import type { EnrichDependencies } from './enrich-batch.js';
import type { EnricherConfig } from './enricher-config.js';
import { otherFeatureSets } from './feature-row.js';
import { InferenceClient } from './inference-client.js';
import { PredictionWriter } from './prediction-writer.js';
import { ReferenceLookup } from './reference-lookup.js';

/** Clients for a configuration: created once, reused by every invocation of the container. */
export async function enricherDependencies(config: EnricherConfig, cacheCredentials: CacheCredentialsSource = secretsManagerCredentials(config)): Promise<EnrichDependencies> {
  const secretArn = config.REDIS_AUTH_SECRET_ARN;
  const credentials = secretArn === undefined ? {} : await cacheCredentials(secretArn, false);
  const cache = cacheClient(config.REDIS_URL, config.REDIS_MODE, credentials);
  watchCacheErrors(cache, secretArn, cacheCredentials);
  return {
    lookups: new ReferenceLookup(cache.client, { zip_codes: { keyPrefix: config.REFERENCE_KEY_PREFIXES.zip_codes }, ip_networks: { keyPrefix: config.REFERENCE_KEY_PREFIXES.ip_networks } }, { budgetMs: config.LOOKUP_BUDGET_MS, cacheEntries: 100_000, cacheTtlMs: 10 * 60_000 }),
    inference: new InferenceClient({ endpoint: config.ML_ENDPOINT, model: config.MODEL_NAME, timeoutMs: config.ML_TIMEOUT_MS, maxRowsPerRequest: config.ML_MAX_ROWS_PER_REQUEST }),
    predictions: new PredictionWriter(DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig(config.AWS_REGION, config.DYNAMODB_ENDPOINT))), config.PREDICTIONS_TABLE, { ttlDays: config.PREDICTION_TTL_DAYS }),
    deadLetters: new SqsDeadLetterSink(new SQSClient(awsClientConfig(config.AWS_REGION, config.SQS_ENDPOINT)), config.DEAD_LETTER_QUEUE, openPayloadStore(config.DEAD_LETTER_PAYLOADS, config.AWS_REGION, config.S3_ENDPOINT).store, undefined, 'enricher'),
    missingReference: config.MISSING_REFERENCE,
    otherFeatureSets: otherFeatureSets(config.FEATURE_SETS),
  };
}

