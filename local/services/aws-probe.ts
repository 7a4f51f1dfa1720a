import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { localDynamoDbClient, localKinesisClient, localS3Client, localSecretsManagerClient, localSqsClient } from './local-aws-clients.js';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, type LocalAwsEndpoint } from './service-types.js';

export function localAwsEndpoint(endpoint: string): LocalAwsEndpoint {
  return { endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS };
}

// Probes want one quick answer, not the SDK's retries: readiness polling retries itself.

export async function kinesisAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localKinesisClient(target, { maxAttempts: 1 });
  try {
    await client.send(new ListStreamsCommand({}));
    return true;
  } finally {
    client.destroy();
  }
}

export async function dynamodbAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localDynamoDbClient(target, { maxAttempts: 1 });
  try {
    await client.send(new ListTablesCommand({}));
    return true;
  } finally {
    client.destroy();
  }
}

export async function sqsAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localSqsClient(target, { maxAttempts: 1 });
  try {
    await client.send(new ListQueuesCommand({}));
    return true;
  } finally {
    client.destroy();
  }
}

export async function s3Answers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localS3Client(target, { maxAttempts: 1 });
  try {
    await client.send(new ListBucketsCommand({}));
    return true;
  } finally {
    client.destroy();
  }
}

export async function secretsManagerAnswers(target: LocalAwsEndpoint): Promise<boolean> {
  const client = localSecretsManagerClient(target, { maxAttempts: 1 });
  try {
    await client.send(new ListSecretsCommand({}));
    return true;
  } finally {
    client.destroy();
  }
}
