/**
 * deploy-jobs' Managed Flink target against recorded-shape SDK responses. No emulator of the Managed
 * Service for Apache Flink control plane is available to this project (the local path runs the same
 * plans on the embedded Flink instead), so these tests use aws-sdk-client-mock: they check what is
 * sent (runtime, snapshots, restore modes, content-hashed keys, optimistic versions) and how the
 * target reacts to the service's answers (slow starts, a failed update, a start that never finishes).
 */
import {
  CreateApplicationCommand,
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ListApplicationSnapshotsCommand,
  ListApplicationsCommand,
  RollbackApplicationCommand,
  StartApplicationCommand,
  UpdateApplicationCommand,
  type ApplicationDetail,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CompiledJob } from '../../../infra/deploy-jobs/desired-jobs.js';
import { planDeployment, type DeployedJob } from '../../../infra/deploy-jobs/job-plan.js';
import { ManagedFlinkTarget } from '../../../infra/deploy-jobs/managed-flink-target.js';

const flinkClient = new KinesisAnalyticsV2Client({ region: 'us-east-1' });
const s3Client = new S3Client({ region: 'us-east-1' });
const flink = mockClient(flinkClient);
const s3 = mockClient(s3Client);
const folder = mkdtempSync(join(tmpdir(), 'deploy-jobs-'));
const RUNNER = join(folder, 'runner.jar');
writeFileSync(RUNNER, 'jar bytes');
writeFileSync(join(folder, 'a.sql'), 'SELECT 1;');

const JOB: CompiledJob = { job: 'user-activity.v1', application: 'clickstream-user-activity.v1', scriptHash: 's2', stateHash: 'st1', runnerHash: 'r1', parallelism: 2, autoscaling: false, scriptPath: join(folder, 'a.sql'), usesRedis: false, resources: [] };
const SETTINGS = { bucket: 'artifacts', roleArn: 'arn:aws:iam::123456789012:role/flink', applicationPrefix: 'clickstream', waitTimeoutMs: 2_000, pollIntervalMs: 1 };

function detail(status: ApplicationDetail['ApplicationStatus'], version = 4): { ApplicationDetail: ApplicationDetail } {
  return {
    ApplicationDetail: {
      ApplicationARN: 'arn:aws:kinesisanalytics:us-east-1:123456789012:application/clickstream-user-activity.v1',
      ApplicationName: JOB.application,
      RuntimeEnvironment: 'FLINK-1_19',
      ApplicationStatus: status,
      ApplicationVersionId: version,
      ApplicationConfigurationDescription: {
        EnvironmentPropertyDescriptions: {
          PropertyGroupDescriptions: [
            { PropertyGroupId: 'FlinkSqlRunner', PropertyMap: { 'script.path': 's3://artifacts/jobs/user-activity.v1/s1.sql' } },
            { PropertyGroupId: 'DeployJobs', PropertyMap: { job: JOB.job, 'script.hash': 's1', 'state.hash': 'st1', 'runner.hash': 'r1' } },
          ],
        },
        FlinkApplicationConfigurationDescription: { ParallelismConfigurationDescription: { ConfigurationType: 'CUSTOM', Parallelism: 2, ParallelismPerKPU: 1, CurrentParallelism: 2, AutoScalingEnabled: false } },
      },
    },
  };
}

const DEPLOYED: DeployedJob = { application: JOB.application, status: 'RUNNING', revision: 4, scriptHash: 's1', stateHash: 'st1', runnerHash: 'r1', parallelism: 2, autoscaling: false, latestSnapshot: { name: 'snap-b', createdAt: new Date('2026-11-23T10:00:00Z') } };

function target(lines: string[] = []) {
  return new ManagedFlinkTarget(flinkClient, s3Client, SETTINGS, (line) => lines.push(line));
}

beforeEach(() => {
  flink.reset();
  s3.reset();
  s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
  s3.on(PutObjectCommand).resolves({});
});

describe('ManagedFlinkTarget', () => {
  it('describes the applications of its prefix with the hashes of their last deploy and their newest ready snapshot', async () => {
    flink.on(ListApplicationsCommand).resolvesOnce({ ApplicationSummaries: [{ ApplicationName: JOB.application, ApplicationARN: 'a', ApplicationStatus: 'RUNNING', ApplicationVersionId: 4, RuntimeEnvironment: 'FLINK-1_19' }], NextToken: 'page-2' }).resolvesOnce({ ApplicationSummaries: [{ ApplicationName: 'someone-elses-app', ApplicationARN: 'b', ApplicationStatus: 'RUNNING', ApplicationVersionId: 1, RuntimeEnvironment: 'FLINK-1_19' }] });
    flink.on(DescribeApplicationCommand).resolves(detail('RUNNING'));
    flink.on(ListApplicationSnapshotsCommand).resolves({
      SnapshotSummaries: [
        { SnapshotName: 'snap-a', SnapshotStatus: 'READY', ApplicationVersionId: 3, SnapshotCreationTimestamp: new Date('2026-11-22T10:00:00Z') },
        { SnapshotName: 'snap-b', SnapshotStatus: 'READY', ApplicationVersionId: 4, SnapshotCreationTimestamp: new Date('2026-11-23T10:00:00Z') },
        { SnapshotName: 'snap-c', SnapshotStatus: 'CREATING', ApplicationVersionId: 4, SnapshotCreationTimestamp: new Date('2026-11-23T11:00:00Z') },
      ],
    });

    const deployed = await target().describe();

    expect([...deployed.values()]).toEqual([DEPLOYED]);
    expect(flink.commandCalls(ListApplicationsCommand)[1]?.args[0].input).toEqual({ NextToken: 'page-2' });
  });

  it('creates a new job: uploads under content-hashed keys, FLINK-1_19 with snapshots on, starts without restoring, waits for RUNNING', async () => {
    flink.on(CreateApplicationCommand).resolves({});
    flink.on(StartApplicationCommand).resolves({});
    flink.on(DescribeApplicationCommand).resolvesOnce(detail('READY')).resolvesOnce(detail('STARTING')).resolves(detail('RUNNING'));
    const lines: string[] = [];

    const results = await target(lines).apply(planDeployment([JOB], new Map(), { allowStateReset: false }), [JOB], RUNNER);

    expect(results).toEqual([{ job: JOB.job, ok: true, summary: expect.stringMatching(/^created and started, RUNNING after \d+ s$/) as unknown }]);
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).toEqual(['flink-sql-runner/r1.jar', 'jobs/user-activity.v1/s2.sql']);
    const created = flink.commandCalls(CreateApplicationCommand)[0]?.args[0].input;
    expect(created).toMatchObject({
      ApplicationName: JOB.application,
      RuntimeEnvironment: 'FLINK-1_19',
      ServiceExecutionRole: SETTINGS.roleArn,
      ApplicationConfiguration: {
        ApplicationCodeConfiguration: { CodeContentType: 'ZIPFILE', CodeContent: { S3ContentLocation: { BucketARN: 'arn:aws:s3:::artifacts', FileKey: 'flink-sql-runner/r1.jar' } } },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
        FlinkApplicationConfiguration: { ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: 2 } },
        EnvironmentProperties: {
          PropertyGroups: [
            { PropertyGroupId: 'FlinkSqlRunner', PropertyMap: { 'script.path': 's3://artifacts/jobs/user-activity.v1/s2.sql' } },
            { PropertyGroupId: 'DeployJobs', PropertyMap: { job: JOB.job, 'script.hash': 's2', 'state.hash': 'st1', 'runner.hash': 'r1' } },
          ],
        },
      },
    });
    expect(flink.commandCalls(StartApplicationCommand)[0]?.args[0].input.RunConfiguration?.ApplicationRestoreConfiguration).toEqual({ ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' });
    expect(lines).toEqual(expect.arrayContaining(['user-activity.v1: creating application clickstream-user-activity.v1', 'user-activity.v1: STARTING (0 s)']));
  });

  it('does not upload an artifact that is already there', async () => {
    s3.on(HeadObjectCommand).resolves({});
    flink.on(StartApplicationCommand).resolves({});
    flink.on(DescribeApplicationCommand).resolves(detail('RUNNING'));

    await target().apply(planDeployment([JOB], new Map([[JOB.application, { ...DEPLOYED, scriptHash: 's2', status: 'READY' }]]), { allowStateReset: false }), [JOB], RUNNER);

    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('updates a running job at its current version, restoring from the latest snapshot; the service restarts it', async () => {
    flink.on(UpdateApplicationCommand).resolves(detail('UPDATING', 5));
    flink.on(DescribeApplicationCommand).resolvesOnce(detail('UPDATING', 5)).resolves(detail('RUNNING', 5));

    const results = await target().apply(planDeployment([JOB], new Map([[JOB.application, DEPLOYED]]), { allowStateReset: false }), [JOB], RUNNER);

    expect(results[0]).toMatchObject({ ok: true, summary: expect.stringMatching(/^updated, RUNNING/) as unknown });
    const update = flink.commandCalls(UpdateApplicationCommand)[0]?.args[0].input;
    expect(update).toMatchObject({ ApplicationName: JOB.application, CurrentApplicationVersionId: 4, RunConfigurationUpdate: { ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' } } });
    // Only the script changed: the code location and parallelism are left as they are.
    expect(update?.ApplicationConfigurationUpdate?.ApplicationCodeConfigurationUpdate).toBeUndefined();
    expect(update?.ApplicationConfigurationUpdate?.FlinkApplicationConfigurationUpdate).toBeUndefined();
    expect(flink.commandCalls(StartApplicationCommand)).toHaveLength(0);
  });

  it('applies a changed parallelism or autoscaling as a parallelism update', async () => {
    flink.on(UpdateApplicationCommand).resolves(detail('UPDATING', 5));
    flink.on(DescribeApplicationCommand).resolves(detail('RUNNING', 5));
    const scaled = { ...JOB, scriptHash: 's1', parallelism: 5, autoscaling: true };

    await target().apply(planDeployment([scaled], new Map([[JOB.application, DEPLOYED]]), { allowStateReset: false }), [scaled], RUNNER);

    expect(flink.commandCalls(UpdateApplicationCommand)[0]?.args[0].input.ApplicationConfigurationUpdate?.FlinkApplicationConfigurationUpdate).toEqual({
      ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: 5, AutoScalingEnabledUpdate: true },
    });
  });

  it('with --allow-state-reset, updates without restoring and says so', async () => {
    flink.on(UpdateApplicationCommand).resolves(detail('UPDATING', 5));
    flink.on(DescribeApplicationCommand).resolves(detail('RUNNING', 5));
    const lines: string[] = [];

    await target(lines).apply(planDeployment([{ ...JOB, stateHash: 'st2' }], new Map([[JOB.application, DEPLOYED]]), { allowStateReset: true }), [{ ...JOB, stateHash: 'st2' }], RUNNER);

    expect(flink.commandCalls(UpdateApplicationCommand)[0]?.args[0].input.RunConfigurationUpdate?.ApplicationRestoreConfiguration).toEqual({ ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' });
    expect(lines).toContain('user-activity.v1: state shape changed (st1 -> st2); starting WITHOUT restoring state (--allow-state-reset)');
  });

  it('rolls back an update that does not come up, and says what happened', async () => {
    flink.on(UpdateApplicationCommand).resolves(detail('UPDATING', 5));
    flink.on(DescribeApplicationCommand).resolvesOnce(detail('UPDATING', 5)).resolves(detail('READY', 5));
    flink.on(RollbackApplicationCommand).resolves({});

    const results = await target().apply(planDeployment([JOB], new Map([[JOB.application, DEPLOYED]]), { allowStateReset: false }), [JOB], RUNNER);

    expect(results).toEqual([{ job: JOB.job, ok: false, summary: 'stopped again (READY) instead of running; see its CloudWatch logs; rolled back (RollbackApplication from version 5)' }]);
    expect(flink.commandCalls(RollbackApplicationCommand)[0]?.args[0].input).toEqual({ ApplicationName: JOB.application, CurrentApplicationVersionId: 5 });
  });

  it('gives up on a start that never finishes, after the timeout', async () => {
    flink.on(StartApplicationCommand).resolves({});
    flink.on(DescribeApplicationCommand).resolves(detail('STARTING'));

    const results = await new ManagedFlinkTarget(flinkClient, s3Client, { ...SETTINGS, waitTimeoutMs: 30 }, () => undefined).apply(
      planDeployment([JOB], new Map([[JOB.application, { ...DEPLOYED, scriptHash: 's2', status: 'READY' }]]), { allowStateReset: false }),
      [JOB],
      RUNNER,
    );

    expect(results).toEqual([{ job: JOB.job, ok: false, summary: 'not RUNNING after 0 s (last STARTING)' }]);
  });

  it('skips blocked jobs and reports a failing call without stopping the others', async () => {
    const other: CompiledJob = { ...JOB, job: 'b.v1', application: 'clickstream-b.v1' };
    flink.on(StartApplicationCommand).rejects(new Error('AccessDeniedException: not authorized'));
    const plan = planDeployment([{ ...JOB, stateHash: 'st2' }, other], new Map([[JOB.application, DEPLOYED], [other.application, { ...DEPLOYED, application: other.application, scriptHash: 's2', status: 'READY' }]]), { allowStateReset: false });

    const results = await target().apply(plan, [{ ...JOB, stateHash: 'st2' }, other], RUNNER);

    expect(results).toEqual([{ job: 'b.v1', ok: false, summary: 'start failed: AccessDeniedException: not authorized' }]);
    expect(flink.commandCalls(UpdateApplicationCommand)).toHaveLength(0);
  });
});
