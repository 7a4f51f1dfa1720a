import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { localDynamoDbClient, localKinesisClient, localS3Client, localSecretsManagerClient, localSqsClient } from '../../common/aws-clients.js';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, type LocalAwsEndpoint } from './service-types.js';

export function localAwsEndpoint(endpoint: string): LocalAwsEndpoint {
  return { endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS };
}

// Probes want one quick answer, not the SDK's retries: readiness polling retries itself.

/** True once `call` answers; the client is closed either way. */
async function answered(client: { destroy(): void }, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } finally {
    client.destroy();
  }
}

export function kinesisAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localKinesisClient(target, { maxAttempts: 1 });
  return answered(client, () => client.send(new ListStreamsCommand({})));
}

export function dynamodbAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localDynamoDbClient(target, { maxAttempts: 1 });
  return answered(client, () => client.send(new ListTablesCommand({})));
}

export function sqsAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localSqsClient(target, { maxAttempts: 1 });
  return answered(client, () => client.send(new ListQueuesCommand({})));
}

export function s3Answers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localS3Client(target, { maxAttempts: 1 });
  return answered(client, () => client.send(new ListBucketsCommand({})));
}

export function secretsManagerAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localSecretsManagerClient(target, { maxAttempts: 1 });
  return answered(client, () => client.send(new ListSecretsCommand({})));
}
