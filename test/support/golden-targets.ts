import { awsTarget, localTarget } from '../../sql/compiler/compile-target.js';

/** Fixed example targets: golden files must not depend on a live port or a real account. */
export const GOLDEN_TARGETS = {
  local: localTarget({
    kinesisEndpoint: 'http://127.0.0.1:4567',
    redisUrl: 'redis://127.0.0.1:6379',
    referenceDataRoot: 'file:///srv/clickstream/reference',
    dataLakeRoot: 'file:///srv/clickstream/data-lake',
    deadLetters: { queueUrl: 'http://127.0.0.1:9324/000000000000/clickstream-jobs-dlq', sqsEndpoint: 'http://127.0.0.1:9324' },
  }),
  aws: awsTarget({
    region: 'eu-west-1',
    reader: 'EFO',
    redisUrl: 'rediss://clickstream-cache.abc123.euw1.cache.amazonaws.com:6379',
    redisCredentialsSecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clickstream-cache-AbCdEf',
    referenceDataRoot: 's3://clickstream-artifacts/reference',
    dataLakeRoot: 's3://clickstream-data-lake/jobs',
    deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
    deadLetterPayloads: 's3://clickstream-dead-letter-payloads/flink',
  }),
} as const;
