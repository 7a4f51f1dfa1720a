/**
 * The run's own resources, every one named after the run so runs never see each other's data even on shared
 * services: the Elasticsearch index, the predictions table, the producer's, the jobs' and the enricher's
 * dead-letter queues; and the reference data seeded into Redis.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { ensurePredictionsTable } from '../../enricher/prediction-writer.js';
import { seedReferenceData } from '../reference-data.js';

export interface RunNames {
  readonly index: string;
  readonly raw: string;
  readonly features: string;
  readonly producerQueue: string;
  readonly enricherQueue: string;
  /** Where the Flink jobs' sources send the records they cannot read. */
  readonly jobsQueue: string;
  readonly predictions: string;
}

export function runNames(runId: string, runStream: (logical: string) => string, streams: { readonly raw: string; readonly features: string }): RunNames {
  return {
    index: `clickstream-${runId}`,
    raw: runStream(streams.raw),
    features: runStream(streams.features),
    producerQueue: `${runId}-producer-dlq`,
    enricherQueue: `${runId}-enricher-dlq`,
    jobsQueue: `${runId}-jobs-dlq`,
    predictions: `${runId}-predictions`,
  };
}

/** The dead-letter queues' URLs. */
export interface RunQueues {
  readonly producer: string;
  readonly enricher: string;
  readonly jobs: string;
}

export async function createRunResources(
  clients: { readonly elasticsearch: Client; readonly dynamodb: DynamoDBClient; readonly sqs: SQSClient },
  redisUrl: string,
  names: RunNames,
  log: (line: string) => void,
): Promise<RunQueues> {
  // One shard refreshed every 200 ms: documents become visible to the producer in the order they
  // were indexed, and sooner than the default second.
  await createClickIndex(clients.elasticsearch, names.index, 1, '200ms');
  await ensurePredictionsTable(clients.dynamodb, names.predictions);
  const producer = (await clients.sqs.send(new CreateQueueCommand({ QueueName: names.producerQueue }))).QueueUrl ?? '';
  const enricher = (await clients.sqs.send(new CreateQueueCommand({ QueueName: names.enricherQueue }))).QueueUrl ?? '';
  const jobs = (await clients.sqs.send(new CreateQueueCommand({ QueueName: names.jobsQueue }))).QueueUrl ?? '';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const seeded = await seedReferenceData(redis);
    log(`seeded Redis: ${Object.entries(seeded).map(([table, rows]) => `${table} ${String(rows)} rows`).join(', ')}`);
  } finally {
    redis.disconnect();
  }
  return { producer, enricher, jobs };
}
