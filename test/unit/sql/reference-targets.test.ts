import { describe, expect, it } from 'vitest';
import { v1 as clickContext } from '../../../jobs/click-context.js';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { awsTarget, localTarget } from '../../../sql/compiler/compile-target.js';
import { jobIdentity } from '../../../sql/compiler/job-identity.js';
import { JobDefinitionError } from '../../../sql/errors.js';
import { fileStore, referenceTable, t } from '../../../sql/index.js';

describe('reference tables and compile targets', () => {
  const identity = jobIdentity('jobs/click-context.ts', 'v1');
  const aws = { region: 'eu-west-1', deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq' };

  it('a job with a Redis lookup needs the target’s Redis URL, and says which flag gives it', () => {
    // Act
    const compile = (): unknown => compileJob(clickContext, identity, awsTarget({ ...aws, referenceDataRoot: 's3://b/ref' }));

    // Assess
    expect(compile).toThrow(JobDefinitionError);
    expect(compile).toThrow("reference table 'zip_codes' is in Redis, but the 'aws' compile target has no Redis URL (compile-jobs --redis-url, or REDIS_URL)");
  });

  it('on AWS a Redis lookup also needs the cache credentials secret, which the runner reads; locally it may go without', () => {
    const files = { referenceDataRoot: 's3://b/ref' };
    const withoutSecret = (): unknown => compileJob(clickContext, identity, awsTarget({ ...aws, redisUrl: 'rediss://cache:6379', ...files }));
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cache-AbCdEf';
    const withSecret = compileJob(clickContext, identity, awsTarget({ ...aws, redisUrl: 'rediss://cache:6379', redisCredentialsSecret: arn, ...files })).sql;
    const local = compileJob(clickContext, identity, localTarget({ kinesisEndpoint: 'http://127.0.0.1:4567', redisUrl: 'redis://127.0.0.1:6379', referenceDataRoot: 'file:///ref' })).sql;

    expect(withoutSecret).toThrow("reference table 'zip_codes' is in Redis, but the 'aws' compile target has no credentials secret for the cache (compile-jobs --redis-secret, or REDIS_AUTH_SECRET_ARN");
    expect(withSecret).toContain(`'credentials.secret' = '${arn}'`);
    expect(withSecret).not.toContain('credentials.secret.endpoint');
    expect(local).not.toContain('credentials.secret');
  });

  it('a job with a file lookup needs the target’s reference data root', () => {
    const compile = (): unknown => compileJob(clickContext, identity, awsTarget({ ...aws, redisUrl: 'rediss://cache:6379', redisCredentialsSecret: 'cache-secret' }));

    expect(compile).toThrow("reference table 'page_categories' is a file, but the 'aws' compile target has no reference data root (compile-jobs --reference-data-root)");
  });

  it('file paths resolve under the root, with its trailing slash or without', () => {
    const sql = compileJob(clickContext, identity, awsTarget({ ...aws, redisUrl: 'rediss://cache:6379', redisCredentialsSecret: 'cache-secret', referenceDataRoot: 's3://b/ref/' })).sql;

    expect(sql).toContain("'path' = 's3://b/ref/page-categories.jsonl'");
  });

  it('rejects declarations the runner could not serve, naming the table', () => {
    expect(() => fileStore({ path: '../secrets.jsonl' })).toThrow("fileStore path '../secrets.jsonl' must be relative to the reference data root, without '..'");
    expect(() =>
      referenceTable({ name: 'ips', key: 'ip', columns: { ip: t.nullable(t.string()) }, store: fileStore({ path: 'ips.jsonl' }) }),
    ).toThrow("reference table 'ips': key 'ip' cannot be nullable");
    expect(() =>
      referenceTable({ name: 'ips', key: 'score', columns: { score: t.double() }, store: fileStore({ path: 'ips.jsonl' }) }),
    ).toThrow("reference table 'ips': key 'score' is DOUBLE; a lookup key must be STRING, INT or BIGINT");
  });
});
