import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** An AWS API served on this machine (an emulator): where, and the credentials it accepts; real AWS credentials never come from here. */
export interface LocalAwsEndpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export const LOCAL_AWS_REGION = 'us-east-1';
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * A Kinesis client for a local Kinesis API. It speaks HTTP/1.1: the SDK's Kinesis client defaults
 * to HTTP/2 (for SubscribeToShard), which kinesalite does not serve (and kinesis-mock's cleartext
 * HTTP/2, used before, broke sessions with NGHTTP2 "Protocol error"). Polling (GetRecords) works
 * over HTTP/1.1; enhanced fan-out needs HTTP/2 and real AWS.
 */
export function localKinesisClient(target: LocalAwsEndpoint, overrides: { readonly maxAttempts?: number } = {}): KinesisClient {
  return new KinesisClient({ ...target, ...overrides, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }) });
}

export function localDynamoDbClient(target: LocalAwsEndpoint, overrides: { readonly maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({ ...target, ...overrides, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }) });
}

export function localSqsClient(target: LocalAwsEndpoint, overrides: { readonly maxAttempts?: number } = {}): SQSClient {
  return new SQSClient({ ...target, ...overrides, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }) });
}

/** Path-style addressing: a bucket cannot be a subdomain of 127.0.0.1. */
export function localS3Client(target: LocalAwsEndpoint, overrides: { readonly maxAttempts?: number } = {}): S3Client {
  return new S3Client({ ...target, ...overrides, forcePathStyle: true, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }) });
}

export function localSecretsManagerClient(target: LocalAwsEndpoint, overrides: { readonly maxAttempts?: number } = {}): SecretsManagerClient {
  return new SecretsManagerClient({ ...target, ...overrides, requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }) });
}

export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}

/**
 * SDK client settings for AWS, or for a local emulator when `endpoint` is a loopback URL: only then
 * are the emulators' fixed credentials used; otherwise credentials come from the default chain.
 * HTTP/1.1 throughout: the local Kinesis API serves no HTTP/2 (see localKinesisClient).
 */
export function awsClientConfig(region: string, endpoint: string | undefined) {
  return {
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(isLoopbackEndpoint(endpoint) ? { credentials: LOCAL_AWS_CREDENTIALS } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
  };
}
