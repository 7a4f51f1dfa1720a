import { describe, expect, it } from 'vitest';
import { v1 as clickContext } from '../../../jobs/click-context.js';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { awsTarget } from '../../../sql/compiler/compile-target.js';
import { jobIdentity } from '../../../sql/compiler/job-identity.js';
import { JobDefinitionError } from '../../../sql/errors.js';
import { fileStore, referenceTable, t } from '../../../sql/index.js';

describe('reference tables and compile targets', () => {
  const identity = jobIdentity('jobs/click-context.ts', 'v1');

  it('a job with a Redis lookup needs the target’s Redis URL, and says which flag gives it', () => {
    // Act
    const compile = (): unknown => compileJob(clickContext, identity, awsTarget({ region: 'eu-west-1', referenceDataRoot: 's3://b/ref' }));

    // Assess
    expect(compile).toThrow(JobDefinitionError);
    expect(compile).toThrow("reference table 'zip_codes' is in Redis, but the 'aws' compile target has no Redis URL (compile-jobs --redis-url, or REDIS_URL)");
  });

  it('a job with a file lookup needs the target’s reference data root', () => {
    const compile = (): unknown => compileJob(clickContext, identity, awsTarget({ region: 'eu-west-1', redisUrl: 'rediss://cache:6379' }));

    expect(compile).toThrow("reference table 'page_categories' is a file, but the 'aws' compile target has no reference data root (compile-jobs --reference-data-root)");
  });

  it('file paths resolve under the root, with its trailing slash or without', () => {
    const sql = compileJob(clickContext, identity, awsTarget({ region: 'eu-west-1', redisUrl: 'rediss://cache:6379', referenceDataRoot: 's3://b/ref/' })).sql;

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
