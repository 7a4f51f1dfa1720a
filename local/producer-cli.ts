/**
 * npm run producer -- backfill --from <time> --to <time> [options]
 * npm run producer -- tail [--from <time>] [options]
 *
 * The producer's CLI (producer/producer-cli.ts) plus `--local`: take Elasticsearch and Kinesis from
 * `npm run services -- up` and create the streams, dead-letter queue and payload bucket there.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { LOCAL_AWS_CREDENTIALS, localKinesisClient, localS3Client, localSqsClient } from '../common/aws-clients.js';
import { ProducerConfigError, type ProducerConfig } from '../producer/config.js';
import { exitWith, producerCli } from '../producer/producer-cli.js';
import { readDaemonState } from './services/daemon-state.js';
import { createStreamIfMissing } from './services/kinesis-streams.js';

function localOverrides(): Record<string, string> {
  const state = readDaemonState();
  const { elasticsearch, kinesis, dynamodb, sqs, s3 } = state?.endpoints ?? {};
  if (elasticsearch === undefined || kinesis === undefined) {
    throw new ProducerConfigError('--local needs Elasticsearch and Kinesis from `npm run services -- up`; start them first');
  }
  return {
    'es-url': elasticsearch.url,
    ...(elasticsearch.auth === undefined ? {} : { 'es-username': elasticsearch.auth.username, 'es-password': elasticsearch.auth.password }),
    'kinesis-endpoint': kinesis.endpoint,
    region: kinesis.region,
    ...(dynamodb === undefined ? {} : { 'dynamodb-endpoint': dynamodb.endpoint }),
    ...(sqs === undefined ? {} : { 'sqs-endpoint': sqs.endpoint }),
    ...(s3 === undefined ? {} : { 's3-endpoint': s3.endpoint }),
  };
}

/** Creates the raw stream, the dead-letter stream or queue and the payload bucket on the local services. */
async function createLocalDestinations(config: ProducerConfig): Promise<void> {
  const target = config['dead-letter'];
  const endpoint = config['kinesis-endpoint'];
  const credentials = LOCAL_AWS_CREDENTIALS;
  if (endpoint !== undefined) {
    const client = localKinesisClient({ endpoint, region: config.region, credentials });
    try {
      await createStreamIfMissing(client, config.stream, 2);
      if (target.kind === 'kinesis') await createStreamIfMissing(client, target.stream, 1);
    } finally {
      client.destroy();
    }
  }
  const sqsEndpoint = config['sqs-endpoint'];
  if (target.kind === 'sqs' && sqsEndpoint !== undefined && !/^https?:/.test(target.queue)) {
    const client = localSqsClient({ endpoint: sqsEndpoint, region: config.region, credentials });
    try {
      await client.send(new CreateQueueCommand({ QueueName: target.queue }));
    } finally {
      client.destroy();
    }
  }
  const store = config['payload-store'];
  const s3Endpoint = config['s3-endpoint'];
  if (store.kind === 's3' && s3Endpoint !== undefined) {
    const client = localS3Client({ endpoint: s3Endpoint, region: config.region, credentials });
    try {
      await client.send(new CreateBucketCommand({ Bucket: store.bucket }));
    } catch (error) {
      if (!(error instanceof Error && (error.name === 'BucketAlreadyOwnedByYou' || error.name === 'BucketAlreadyExists'))) throw error;
    } finally {
      client.destroy();
    }
  }
}

exitWith(producerCli(process.argv.slice(2), { overrides: localOverrides, createDestinations: createLocalDestinations }));
