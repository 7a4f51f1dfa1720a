/**
 * The reads compiled jobs put on each Kinesis stream, against Kinesis's documented limits (5
 * GetRecords calls per second per shard shared by every polling reader; at most 20 enhanced fan-out
 * consumers per stream: Kinesis Data Streams quotas), and the agreement of the two commands that
 * print them: compile-jobs --target aws and npm run capacity.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFanOut, type ReadingJob } from '../../infra/capacity/read-fan-out.js';
import { buildApp } from '../../infra/cdk/app.js';
import { infraConfig } from '../../infra/cdk/config.js';
import { jobNeeds } from '../../infra/cdk/job-needs.js';
import { OUTPUT } from '../../infra/cdk/stack-outputs.js';
import { TemplateValues, type CfnTemplate } from '../../infra/consistency/template-values.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { compileAll } from '../../sql/compiler/compile-all.js';
import { awsTarget } from '../../sql/compiler/compile-target.js';
import { loadJobs } from '../../sql/compiler/load-jobs.js';

const JOBS_DIR = join(REPO_ROOT, 'jobs');

async function jobsReading(reader: 'EFO' | 'POLLING'): Promise<readonly ReadingJob[]> {
  const target = awsTarget({ region: 'us-east-1', reader, streamNames: (logical) => `clickstream-${logical}`, redisUrl: 'rediss://cache:6379', redisCredentialsSecret: 'arn:secret', referenceDataRoot: 's3://b/reference', dataLakeRoot: 's3://b/jobs', deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/clickstream-jobs-dlq' });
  return (await compileAll({ jobsDir: JOBS_DIR, repoRoot: REPO_ROOT, target })).manifest.jobs;
}

/** The lines of a command's output from its "Kinesis reads" heading to the next blank line. */
function readsSection(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Kinesis reads'));
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('read fan-out', () => {
  it('jobs/ on AWS: each job its own enhanced fan-out consumer of raw (13 of 20), no polling; the enricher on features', async () => {
    // Act
    const reads = readFanOut(await jobsReading('EFO'), [{ stream: 'clickstream-features', consumer: 'clickstream-enricher' }]);

    // Assess
    const raw = reads.find((stream) => stream.stream === 'clickstream-raw');
    expect(raw?.efoConsumers).toHaveLength(13);
    expect(raw?.efoConsumers).toContain('user_activity_v1');
    expect(raw?.getRecordsPerShardPerSecond).toBe(0);
    expect(reads.flatMap((stream) => stream.problems)).toEqual([]);
    expect(reads.find((stream) => stream.stream === 'clickstream-features')?.efoConsumers).toEqual(['clickstream-enricher']);
  }, 120_000);

  it('refuses polling readers that share a shard’s 5 GetRecords calls a second (13 jobs polling every 200 ms call 65)', async () => {
    // Act
    const reads = readFanOut(await jobsReading('POLLING'));

    // Assess
    expect(reads.find((stream) => stream.stream === 'clickstream-raw')?.problems.join('\n')).toMatch(/^13 polling reader\(s\) \(cart-abandonment\.v1, .*\) call GetRecords 65\.0 times a second per shard, over the 5 a shard serves all its pollers/);
  }, 120_000);

  it('refuses a 21st enhanced fan-out consumer of one stream', () => {
    // Prepare
    const jobs = Array.from({ length: 21 }, (_, index) => ({ name: `job-${String(index)}.v1`, resources: [{ kind: 'stream', table: 'clicks', access: 'read', stream: 'raw', efoConsumer: `job_${String(index)}_v1` }] as const }));

    // Act
    const [raw] = readFanOut(jobs);

    // Assess
    expect(raw?.problems).toEqual(['21 enhanced fan-out consumers, over the 20 a stream may have: split the readers over a second stream (a job that copies this one), or read fewer jobs from it']);
  });

  it('compile-jobs --target aws (from the deployed outputs) and npm run capacity print the same reads', async () => {
    // Prepare: the outputs a deploy of the default app gives (placeholders filled as CloudFormation would).
    const needs = (await loadJobs(JOBS_DIR, REPO_ROOT)).map(jobNeeds);
    const stacks = buildApp(infraConfig(), needs, mkdtempSync(join(tmpdir(), 'cdk-reads-')))
      .app.synth()
      .stacks.map((stack) => ({ stackName: stack.stackName, template: stack.template as CfnTemplate, region: stack.environment.region }));
    const values = new TemplateValues(stacks);
    const outputs = Object.fromEntries(Object.values(OUTPUT).map((key) => [key, (values.output(key) ?? '').replace(/\{\{[^}]+\}\}/g, 'x1')]));
    const folder = mkdtempSync(join(tmpdir(), 'reads-'));
    writeFileSync(join(folder, 'outputs.json'), JSON.stringify({ 'clickstream-data': outputs }));

    // Act
    const run = (script: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    const compiled = run('infra/compile-jobs-cli.ts', ['--target', 'aws', '--stack-outputs', join(folder, 'outputs.json'), '--out', join(folder, 'build')]);
    const capacity = run('infra/capacity/capacity-cli.ts', ['--events-per-sec', '1000', '--avg-bytes', '300', '--feature-bytes', '400', '--prediction-bytes', '500']);

    // Assess
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(capacity.status, capacity.stderr).toBe(0);
    expect(readsSection(compiled.stdout)).toEqual(readsSection(capacity.stdout));
    expect(readsSection(compiled.stdout)).toEqual([
      '  clickstream-features: 1/20 enhanced fan-out consumers (2 MiB/s per shard each), 0.0/5 polling GetRecords calls/s per shard',
      '  clickstream-raw: 13/20 enhanced fan-out consumers (2 MiB/s per shard each), 0.0/5 polling GetRecords calls/s per shard',
    ]);
  }, 240_000);
});
