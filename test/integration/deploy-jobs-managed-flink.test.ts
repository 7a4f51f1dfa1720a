/**
 * deploy-jobs against Managed Flink, through the real AWS SDK, to a stand-in of the service's control
 * plane that enforces what the API reference documents (local/aws-stand-ins/managed-flink-control-plane.ts:
 * the service model's constraints, which status accepts which call, rollback only in UPDATING,
 * AUTOSCALING or RUNNING and only with a snapshot, conditional CurrentApplicationVersionId), and the
 * local S3 for the artifacts. The job's own behaviour on the service (healthy, failing to start,
 * restarting in a loop) is set per test.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  RollbackApplicationCommand,
  StartApplicationCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CompiledJob } from '../../infra/deploy-jobs/desired-jobs.js';
import { planDeployment } from '../../infra/deploy-jobs/job-plan.js';
import { ManagedFlinkTarget, type ManagedFlinkSettings } from '../../infra/deploy-jobs/managed-flink-target.js';
import { ManagedFlinkControlPlane } from '../../local/aws-stand-ins/managed-flink-control-plane.js';
import { REFERENCE_DIR } from '../../common/reference-files.js';
import { localS3Client } from '../../common/aws-clients.js';
import { uniqueName } from '../support/unique-name.js';

const controlPlane = new ManagedFlinkControlPlane();
let flink: KinesisAnalyticsV2Client;
let cloudWatch: CloudWatchClient;
let s3: S3Client;
const bucket = uniqueName('artifacts').toLowerCase();
const folder = mkdtempSync(join(tmpdir(), 'deploy-managed-'));
const RUNNER = join(folder, 'runner.jar');
writeFileSync(RUNNER, 'jar bytes');
writeFileSync(join(folder, 'job.sql'), 'SELECT 1;');

const SETTINGS: ManagedFlinkSettings = {
  bucket,
  roleArn: 'arn:aws:iam::123456789012:role/clickstream-flink',
  applicationPrefix: 'clickstream',
  waitTimeoutMs: 60_000,
  pollIntervalMs: 1,
  // Five polls of the application and its restarts after it is up.
  settleMs: 5,
  referenceDir: REFERENCE_DIR,
  vpc: { subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0a'] },
};

function job(name: string, fields: Partial<CompiledJob> = {}): CompiledJob {
  return { job: name, application: `clickstream-${name}`, scriptHash: 's1', stateHash: 'st1', runnerHash: 'r1', parallelism: 1, autoscaling: false, scriptPath: join(folder, 'job.sql'), usesRedis: false, resources: [], ...fields };
}

function target(lines: string[] = [], settings: ManagedFlinkSettings = SETTINGS): ManagedFlinkTarget {
  return new ManagedFlinkTarget(flink, s3, cloudWatch, settings, (line) => lines.push(line));
}

/** Plans and applies `jobs` against what the stand-in has now. */
async function deploy(jobs: readonly CompiledJob[], lines: string[] = [], settings: ManagedFlinkSettings = SETTINGS) {
  const deployer = target(lines, settings);
  return deployer.apply(planDeployment(jobs, await deployer.describe(), { allowStateReset: false }), jobs, RUNNER);
}

beforeAll(async () => {
  const endpoint = await controlPlane.start();
  const client = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  flink = new KinesisAnalyticsV2Client(client);
  cloudWatch = new CloudWatchClient(client);
  s3 = localS3Client(inject('services').s3);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  flink.destroy();
  cloudWatch.destroy();
  s3.destroy();
  await controlPlane.stop();
});

describe('deploy-jobs on the Managed Flink control plane stand-in', () => {
  it('creates a job with snapshots and system rollback on, uploads its runner, script and reference file, and calls it deployed once it stays RUNNING without restarts', async () => {
    // Prepare
    const created = job('created.v1', { resources: [{ kind: 'file', table: 'page_categories', access: 'read', uri: `s3://${bucket}/reference/page-categories.jsonl` }] });
    const lines: string[] = [];

    // Act
    const results = await deploy([created], lines);

    // Assess
    expect(results).toEqual([{ job: 'created.v1', ok: true, summary: expect.stringMatching(/^created and started, RUNNING without a restart for 0 s after \d+ s$/) as unknown }]);
    expect(controlPlane.calls.filter((call) => call.endsWith('clickstream-created.v1')).slice(0, 2)).toEqual(['CreateApplication clickstream-created.v1', 'StartApplication clickstream-created.v1']);
    const reference = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reference/page-categories.jsonl' }));
    expect(await reference.Body?.transformToString()).toBe(readFileSync(join(REFERENCE_DIR, 'page-categories.jsonl'), 'utf8'));
    expect(lines).toContain('created.v1: StartApplication SUCCESSFUL (0 s)');
    const detail = (await flink.send(new DescribeApplicationCommand({ ApplicationName: 'clickstream-created.v1' }))).ApplicationDetail;
    expect(detail?.RuntimeEnvironment).toBe('FLINK-1_19');
    expect(detail?.ApplicationConfigurationDescription).toMatchObject({
      ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: true },
      ApplicationSystemRollbackConfigurationDescription: { RollbackEnabled: true },
    });
  });

  it('does not call a job in a restart loop deployed, though it is RUNNING (CloudWatch fullRestarts grows)', async () => {
    // Prepare
    controlPlane.behave('clickstream-looping.v1', 'restart-loop');

    // Act
    const [result] = await deploy([job('looping.v1')]);

    // Assess
    expect(controlPlane.status('clickstream-looping.v1')).toBe('RUNNING');
    expect(result).toMatchObject({ ok: false, summary: expect.stringMatching(/^RUNNING, but its job restarted \d+ time\(s\) while settling \(CloudWatch fullRestarts \d+ -> \d+\): it is failing; see its CloudWatch logs$/) as unknown });
    // A new application has no earlier version to go back to.
    expect(controlPlane.calls).not.toContain('RollbackApplication clickstream-looping.v1');
  });

  it('rolls an update that restarts in a loop back with RollbackApplication, from RUNNING and with the snapshot the update took', async () => {
    // Prepare
    await deploy([job('rolling.v1')]);
    controlPlane.behave('clickstream-rolling.v1', 'restart-loop');

    // Act
    const [result] = await deploy([job('rolling.v1', { scriptHash: 's2' })]);

    // Assess
    expect(result?.ok).toBe(false);
    expect(result?.summary).toMatch(/its job restarted .*; rolled back \(RollbackApplication from version 2\): the earlier version runs again$/);
    expect(controlPlane.calls).toContain('RollbackApplication clickstream-rolling.v1');
    expect(controlPlane.status('clickstream-rolling.v1')).toBe('RUNNING');
  });

  it('reports the service’s own rollback of an update that fails to start (system rollback), without a second one', async () => {
    // Prepare
    await deploy([job('system-rollback.v1')]);
    controlPlane.behave('clickstream-system-rollback.v1', 'fails-to-start');

    // Act
    const [result] = await deploy([job('system-rollback.v1', { scriptHash: 's2' })]);

    // Assess
    expect(result?.summary).toBe('UpdateApplication FAILED: the job failed to start; the service rolled the application back (system rollback) (the service rolled the application back to its earlier version: system rollback); see its CloudWatch logs');
    expect(controlPlane.calls).not.toContain('RollbackApplication clickstream-system-rollback.v1');
    expect(controlPlane.status('clickstream-system-rollback.v1')).toBe('RUNNING');
  });

  it('leaves a stopped application that fails to start as it is: RollbackApplication does not accept READY (the service refuses it)', async () => {
    // Prepare: created, then made to fail its first start, so it is READY with no running version.
    controlPlane.behave('clickstream-stopped.v1', 'fails-to-start');
    await deploy([job('stopped.v1')]);

    // Act
    const [result] = await deploy([job('stopped.v1', { scriptHash: 's2' })]);

    // Assess
    expect(result).toMatchObject({ ok: false, summary: 'StartApplication FAILED: the job failed to start; see its CloudWatch logs' });
    expect(controlPlane.status('clickstream-stopped.v1')).toBe('READY');
    await expect(flink.send(new RollbackApplicationCommand({ ApplicationName: 'clickstream-stopped.v1', CurrentApplicationVersionId: 2 }))).rejects.toMatchObject({ name: 'ResourceInUseException', message: expect.stringContaining('RollbackApplication requires UPDATING or AUTOSCALING or RUNNING') as unknown });
  });

  it('adds the VPC to an application of a Redis job created without it, then updates it at the version that made', async () => {
    // Prepare
    await deploy([job('lookups.v1')], [], { ...SETTINGS, vpc: undefined } as unknown as ManagedFlinkSettings);

    // Act
    const [result] = await deploy([job('lookups.v1', { scriptHash: 's2', usesRedis: true })]);

    // Assess
    expect(result?.ok).toBe(true);
    const calls = controlPlane.calls.filter((call) => call.endsWith('clickstream-lookups.v1'));
    expect(calls.indexOf('AddApplicationVpcConfiguration clickstream-lookups.v1')).toBeLessThan(calls.lastIndexOf('UpdateApplication clickstream-lookups.v1'));
  });

  it('enforces the documented rules: a second StartApplication while RUNNING, a stale CurrentApplicationVersionId, a name outside the pattern', async () => {
    // Prepare
    await deploy([job('rules.v1')]);

    // Act
    const [badName] = await deploy([job('bad/name.v1')]);

    // Assess
    await expect(flink.send(new StartApplicationCommand({ ApplicationName: 'clickstream-rules.v1' }))).rejects.toMatchObject({ name: 'ResourceInUseException' });
    await expect(flink.send(new UpdateApplicationCommand({ ApplicationName: 'clickstream-rules.v1', CurrentApplicationVersionId: 7, ApplicationConfigurationUpdate: {} }))).rejects.toMatchObject({ name: 'ConcurrentModificationException', message: expect.stringContaining('CurrentApplicationVersionId 7 is not the current version 1') as unknown });
    expect(badName?.summary).toMatch(/create failed: .*'ApplicationName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9_.-\]\+/);
  });
});
