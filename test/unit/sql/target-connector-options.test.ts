import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { awsTarget, DEFAULT_DEAD_LETTER_FOLDER, localTarget } from '../../../sql/compiler/compile-target.js';
import { redisStore, referenceTable } from '../../../sql/dsl/reference-table.js';
import { t } from '../../../sql/index.js';
import { JobDefinitionError } from '../../../sql/errors.js';

// The golden files compile against two fixed targets; these are the choices a target makes that they do not reach.
describe('connector options a target chooses', () => {
  const zipCodes = referenceTable({ name: 'zip_codes', key: 'zip', columns: { zip: t.string() }, store: redisStore({ keyPrefix: 'zip:' }) });

  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/prod-jobs-dlq';

  it('an aws target reading by polling registers no consumer and leaves the poll interval to the connector', () => {
    // Act
    const options = awsTarget({ region: 'eu-west-1', reader: 'POLLING', streamNames: (stream) => `prod-${stream}`, deadLetterQueueUrl: queueUrl }).sourceOptions({
      stream: 'raw',
      consumer: 'job-a',
      job: 'job-a.v1',
      requiredColumns: ['user_id'],
    });

    // Assess
    expect(options.slice(0, 4)).toEqual([
      ['connector', 'kinesis-dead-lettering'],
      ['stream', 'prod-raw'],
      ['aws.region', 'eu-west-1'],
      ['scan.stream.initpos', 'LATEST'],
    ]);
    expect(options.map(([key]) => key)).not.toContain('scan.stream.recordpublisher');
    expect(options.map(([key]) => key)).not.toContain('scan.shard.getrecords.intervalmillis');
  });

  it('an aws target dead-letters what a job cannot read to the queue it is given, in its region with the role’s credentials, oversized records to the payload folder', () => {
    // Prepare
    const read = { stream: 'raw', consumer: 'job_a_v1', job: 'job-a.v1', requiredColumns: ['event_id', 'ts'] };

    // Act
    const options = awsTarget({ region: 'eu-west-1', deadLetterQueueUrl: queueUrl, deadLetterPayloads: 's3://payloads/flink' }).sourceOptions(read);

    // Assess
    expect(options).toContainEqual(['connector', 'kinesis-dead-lettering']);
    expect(options.filter(([key]) => key.startsWith('dead-letter.'))).toEqual([
      ['dead-letter.job', 'job-a.v1'],
      ['dead-letter.required-columns', 'event_id;ts'],
      ['dead-letter.queue-url', queueUrl],
      ['dead-letter.region', 'eu-west-1'],
      ['dead-letter.payloads', 's3://payloads/flink'],
    ]);
    // No local endpoint or fixed credentials: the runner's SQS client takes the application role's.
    expect(options.map(([key]) => key)).not.toContain('dead-letter.endpoint');
    expect(options.map(([key]) => key)).not.toContain('aws.credentials.provider');
  });

  it('an aws target without a dead-letter queue refuses to compile a source, naming the flag and the stack output', () => {
    // Act
    const compile = (): unknown => awsTarget({ region: 'eu-west-1' }).sourceOptions({ stream: 'raw', consumer: 'job_a_v1', job: 'job-a.v1', requiredColumns: [] });

    // Assess
    expect(compile).toThrow(JobDefinitionError);
    expect(compile).toThrow(
      "job 'job-a.v1' reads stream 'raw', but the 'aws' compile target has no dead-letter queue for the records it cannot read (compile-jobs --dead-letter-queue-url, or the CDK app's JobsDeadLetterQueueUrl output)",
    );
  });

  it('a local target polls at the interval it is given, through the local endpoint with test credentials', () => {
    // Act
    const options = localTarget({ kinesisEndpoint: 'http://127.0.0.1:4567', getRecordsIntervalMs: 250, streamNames: { raw: 'run-raw' } }).sourceOptions({ stream: 'raw', consumer: 'job-a', job: 'job-a.v1', requiredColumns: ['user_id'] });

    // Assess
    expect(options).toContainEqual(['stream', 'run-raw']);
    expect(options).toContainEqual(['aws.endpoint', 'http://127.0.0.1:4567']);
    expect(options).toContainEqual(['aws.credentials.provider', 'BASIC']);
    expect(options).toContainEqual(['scan.shard.getrecords.intervalmillis', '250']);
  });

  it('a local target dead-letters what a job cannot read: to the queue it is given, else to a file per job', () => {
    // Prepare
    const read = { stream: 'raw', consumer: 'job_a_v1', job: 'job-a.v1', requiredColumns: ['event_id', 'ts'] };

    // Act
    const toQueue = localTarget({ kinesisEndpoint: 'http://127.0.0.1:4567', deadLetters: { queueUrl: 'http://127.0.0.1:9324/000000000000/run-jobs-dlq', sqsEndpoint: 'http://127.0.0.1:9324' } }).sourceOptions(read);
    const toFile = localTarget({ kinesisEndpoint: 'http://127.0.0.1:4567' }).sourceOptions(read);

    // Assess
    expect(toQueue).toContainEqual(['connector', 'kinesis-dead-lettering']);
    expect(toQueue.filter(([key]) => key.startsWith('dead-letter.'))).toEqual([
      ['dead-letter.job', 'job-a.v1'],
      ['dead-letter.required-columns', 'event_id;ts'],
      ['dead-letter.queue-url', 'http://127.0.0.1:9324/000000000000/run-jobs-dlq'],
      ['dead-letter.endpoint', 'http://127.0.0.1:9324'],
    ]);
    expect(toFile).toContainEqual(['dead-letter.path', join(DEFAULT_DEAD_LETTER_FOLDER, 'job-a.v1.jsonl')]);
  });

  it('a Redis mode given overrides the target’s default, and a local Secrets Manager follows the secret', () => {
    // Act
    const aws = awsTarget({ region: 'eu-west-1', redisUrl: 'rediss://cache:6379', redisMode: 'standalone', redisCredentialsSecret: 'cache-secret' }).referenceOptions(zipCodes);
    const local = localTarget({
      kinesisEndpoint: 'http://127.0.0.1:4567',
      redisUrl: 'redis://127.0.0.1:6379',
      redisMode: 'cluster',
      redisCredentialsSecret: 'cache-secret',
      secretsManagerEndpoint: 'http://127.0.0.1:4566',
    }).referenceOptions(zipCodes);

    // Assess
    expect(aws).toEqual([
      ['connector', 'redis'],
      ['url', 'rediss://cache:6379'],
      ['credentials.secret', 'cache-secret'],
      ['key-prefix', 'zip:'],
      ['format', 'json'],
    ]);
    expect(local).toEqual([
      ['connector', 'redis'],
      ['url', 'redis://127.0.0.1:6379'],
      ['mode', 'cluster'],
      ['credentials.secret', 'cache-secret'],
      ['credentials.secret.endpoint', 'http://127.0.0.1:4566'],
      ['key-prefix', 'zip:'],
      ['format', 'json'],
    ]);
  });
});
