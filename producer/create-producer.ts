/**
 * Builds the producer's parts from its configuration: the Elasticsearch client, the Kinesis writers
 * for the raw and dead-letter streams, and the checkpoint store.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Client } from '@elastic/elasticsearch';
import { awsClientConfig, isLoopbackEndpoint } from '../common/aws-clients.js';
import type { CheckpointStore } from './checkpoint.js';
import type { ProducerConfig } from './config.js';
import type { DeadLetterSink } from '../common/dead-letter/dead-letter.js';
import { DynamoDbCheckpointStore, ensureCheckpointTable } from './dynamodb-checkpoint-store.js';
import { FileCheckpointStore } from './file-checkpoint-store.js';
import { KinesisDeadLetterSink } from './kinesis-dead-letter-sink.js';
import { KinesisRecordWriter } from '../common/kinesis-writer.js';
import { openPayloadStore } from '../common/dead-letter/payload-stores.js';
import { SqsDeadLetterSink } from '../common/dead-letter/sqs-dead-letter-sink.js';
import type { ProducerParts } from './producer.js';

export interface BuiltProducer {
  readonly parts: Omit<ProducerParts, 'onProgress' | 'signal'>;
  readonly counters: { retried: number; requests: number };
  close(): Promise<void>;
}

export async function buildProducer(config: ProducerConfig, defaultCheckpoint: string): Promise<BuiltProducer> {
  const auth =
    config['es-api-key'] !== undefined
      ? { apiKey: config['es-api-key'] }
      : config['es-username'] !== undefined
        ? { username: config['es-username'], password: config['es-password'] ?? '' }
        : undefined;
  const elasticsearch = new Client({ node: config['es-url'], ...(auth === undefined ? {} : { auth }) });
  const kinesis = new KinesisClient(awsClientConfig(config.region, config['kinesis-endpoint']));
  const counters = { retried: 0, requests: 0 };
  const retry = { maxAttempts: config['max-attempts'], baseDelayMs: 100, maxDelayMs: 5_000 };
  const records = new KinesisRecordWriter(kinesis, {
    stream: config.stream,
    lanes: config.lanes,
    retry,
    onRetry: (count) => (counters.retried += count),
    onRequest: () => (counters.requests += 1),
  });
  const payloadStore = openPayloadStore(config['payload-store'], config.region, config['s3-endpoint']);
  const payloads = payloadStore.store;
  const target = config['dead-letter'];
  let sqs: SQSClient | undefined;
  let deadLetters: DeadLetterSink;
  if (target.kind === 'kinesis') {
    deadLetters = new KinesisDeadLetterSink(kinesis, target.stream, payloads, { retry });
  } else {
    sqs = new SQSClient(awsClientConfig(config.region, config['sqs-endpoint']));
    deadLetters = new SqsDeadLetterSink(sqs, target.queue, payloads, retry);
  }
  const location = config.checkpoint ?? { kind: 'file' as const, path: defaultCheckpoint };
  let dynamodb: DynamoDBClient | undefined;
  let checkpoints: CheckpointStore;
  if (location.kind === 'file') {
    checkpoints = new FileCheckpointStore(location.path);
  } else {
    dynamodb = new DynamoDBClient(awsClientConfig(config.region, config['dynamodb-endpoint']));
    // Only an emulator's table is created here; in AWS the CDK app owns the table and its permissions.
    if (isLoopbackEndpoint(config['dynamodb-endpoint'])) await ensureCheckpointTable(dynamodb, location.table);
    checkpoints = new DynamoDbCheckpointStore(dynamodb, location.table, location.name);
  }
  return {
    parts: {
      elasticsearch,
      read: { index: config.index, sortField: config['sort-field'], pageSize: config['page-size'], slices: config.slices, ...(config.query === undefined ? {} : { filter: config.query }) },
      records,
      deadLetters,
      checkpoints,
    },
    counters,
    close: async () => {
      kinesis.destroy();
      dynamodb?.destroy();
      sqs?.destroy();
      payloadStore.close();
      await elasticsearch.close();
    },
  };
}
