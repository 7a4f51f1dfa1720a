/**
 * deploy-jobs against Amazon Managed Service for Apache Flink: describes what is deployed (one
 * application per job, the hashes of its last deploy in a property group, its latest snapshot) and
 * applies a plan: upload the runner jar and scripts under content-hashed keys, create or update the
 * application with snapshots on, start it restoring the right state, wait for RUNNING with progress,
 * and roll a failed update back.
 */
import {
  ApplicationRestoreType,
  CreateApplicationCommand,
  DescribeApplicationCommand,
  ListApplicationSnapshotsCommand,
  ListApplicationsCommand,
  ResourceNotFoundException,
  RollbackApplicationCommand,
  RuntimeEnvironment,
  StartApplicationCommand,
  UpdateApplicationCommand,
  type ApplicationDetail,
  type KinesisAnalyticsV2Client,
  type PropertyGroup,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { HeadObjectCommand, NotFound, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_PREFIX } from '../cdk/resource-names.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CompiledJob } from './desired-jobs.js';
import type { DeployedJob, JobStep, Plan, Restore } from './job-plan.js';

/** The runner reads its script location from this group (sql/runner, `managed` mode). */
export const RUNNER_PROPERTY_GROUP = 'FlinkSqlRunner';
/** What deploy-jobs records about a deploy, to plan the next one. */
export const DEPLOY_PROPERTY_GROUP = 'DeployJobs';

export interface ManagedFlinkSettings {
  readonly bucket: string;
  /** The execution role the applications run with (the CDK app's). */
  readonly roleArn: string;
  readonly applicationPrefix: string;
  /** CloudWatch log stream ARN for the applications' logs. */
  readonly logStreamArn?: string;
  /** Private subnets and security groups, for jobs that reach ElastiCache. */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /**
   * The repository's reference/ folder: the reference files jobs read from the artifact bucket's
   * `reference/` prefix are uploaded from here (when their content changed) before a job starts.
   */
  readonly referenceDir?: string;
}

export type StepResult = { readonly job: string; readonly ok: true; readonly summary: string } | { readonly job: string; readonly ok: false; readonly summary: string };

const RUNTIME = RuntimeEnvironment.FLINK_1_19;

function property(groups: readonly PropertyGroup[] | undefined, group: string, key: string): string | undefined {
  return groups?.find((candidate) => candidate.PropertyGroupId === group)?.PropertyMap?.[key];
}

function restoreType(restore: Restore): ApplicationRestoreType {
  return restore.kind === 'latest-snapshot' ? ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT : ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT;
}

export class ManagedFlinkTarget {
  constructor(
    private readonly flink: KinesisAnalyticsV2Client,
    private readonly s3: S3Client,
    private readonly settings: ManagedFlinkSettings,
    private readonly log: (line: string) => void,
  ) {}

  /** Every application of this prefix, described as the plan needs it. */
  async describe(): Promise<Map<string, DeployedJob>> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.flink.send(new ListApplicationsCommand({ NextToken: token }));
      for (const summary of page.ApplicationSummaries ?? []) {
        const name = summary.ApplicationName ?? '';
        if (name.startsWith(`${this.settings.applicationPrefix}-`)) names.push(name);
      }
      token = page.NextToken;
    } while (token !== undefined);
    const deployed = new Map<string, DeployedJob>();
    for (const name of names) {
      const detail = await this.detail(name);
      if (detail !== undefined) deployed.set(name, await this.toDeployed(detail));
    }
    return deployed;
  }

  private async detail(application: string): Promise<ApplicationDetail | undefined> {
    try {
      return (await this.flink.send(new DescribeApplicationCommand({ ApplicationName: application }))).ApplicationDetail;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  private async toDeployed(detail: ApplicationDetail): Promise<DeployedJob> {
    const application = detail.ApplicationName ?? '';
    const groups = detail.ApplicationConfigurationDescription?.EnvironmentPropertyDescriptions?.PropertyGroupDescriptions;
    const snapshots = (await this.flink.send(new ListApplicationSnapshotsCommand({ ApplicationName: application, Limit: 50 }))).SnapshotSummaries ?? [];
    const latest = snapshots
      .filter((snapshot) => snapshot.SnapshotStatus === 'READY' && snapshot.SnapshotName !== undefined)
      .sort((a, b) => (b.SnapshotCreationTimestamp?.getTime() ?? 0) - (a.SnapshotCreationTimestamp?.getTime() ?? 0))[0];
    return {
      application,
      status: detail.ApplicationStatus ?? 'READY',
      revision: detail.ApplicationVersionId ?? 0,
      scriptHash: property(groups, DEPLOY_PROPERTY_GROUP, 'script.hash'),
      stateHash: property(groups, DEPLOY_PROPERTY_GROUP, 'state.hash'),
      runnerHash: property(groups, DEPLOY_PROPERTY_GROUP, 'runner.hash'),
      // The configured parallelism, not the current one: autoscaling moves that by itself.
      parallelism: detail.ApplicationConfigurationDescription?.FlinkApplicationConfigurationDescription?.ParallelismConfigurationDescription?.Parallelism,
      autoscaling: detail.ApplicationConfigurationDescription?.FlinkApplicationConfigurationDescription?.ParallelismConfigurationDescription?.AutoScalingEnabled,
      latestSnapshot: latest === undefined ? undefined : { name: latest.SnapshotName ?? '', createdAt: latest.SnapshotCreationTimestamp ?? new Date(0) },
    };
  }

  /** Applies every step that is not blocked, one job at a time; a failed job does not stop the others. */
  async apply(plan: Plan, jobs: readonly CompiledJob[], runnerJar: string): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const step of plan.steps) {
      const job = jobs.find((candidate) => candidate.job === step.desired.job);
      if (job === undefined || step.action === 'blocked' || step.action === 'no-change') continue;
      try {
        results.push(await this.applyStep(step, job, runnerJar));
      } catch (error) {
        results.push({ job: job.job, ok: false, summary: `${step.action} failed: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    return results;
  }

  private async applyStep(step: Exclude<JobStep, { action: 'blocked' | 'no-change' }>, job: CompiledJob, runnerJar: string): Promise<StepResult> {
    const runnerKey = `flink-sql-runner/${job.runnerHash}.jar`;
    const scriptKey = `jobs/${job.job}/${job.scriptHash}.sql`;
    await this.upload(runnerKey, runnerJar);
    await this.upload(scriptKey, job.scriptPath);
    await this.uploadReferenceFiles(job);
    const groups = this.propertyGroups(job, scriptKey);
    const restore = { ApplicationRestoreConfiguration: { ApplicationRestoreType: restoreType(step.restore) }, FlinkRunConfiguration: { AllowNonRestoredState: false } };
    if (step.restore.kind === 'reset') this.log(`${job.job}: state shape changed (${step.restore.from} -> ${step.restore.to}); starting WITHOUT restoring state (--allow-state-reset)`);

    if (step.action === 'create') {
      this.log(`${job.job}: creating application ${job.application}`);
      await this.flink.send(
        new CreateApplicationCommand({
          ApplicationName: job.application,
          ApplicationDescription: `deploy-jobs: ${job.job}`,
          RuntimeEnvironment: RUNTIME,
          ServiceExecutionRole: this.settings.roleArn,
          ApplicationConfiguration: {
            ApplicationCodeConfiguration: { CodeContentType: 'ZIPFILE', CodeContent: { S3ContentLocation: { BucketARN: `arn:aws:s3:::${this.settings.bucket}`, FileKey: runnerKey } } },
            EnvironmentProperties: { PropertyGroups: groups },
            ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
            FlinkApplicationConfiguration: {
              CheckpointConfiguration: { ConfigurationType: 'DEFAULT' },
              MonitoringConfiguration: { ConfigurationType: 'CUSTOM', LogLevel: 'INFO', MetricsLevel: 'TASK' },
              ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: job.parallelism, ParallelismPerKPU: 1, AutoScalingEnabled: job.autoscaling },
            },
            ...(job.usesRedis && this.settings.vpc !== undefined
              ? { VpcConfigurations: [{ SubnetIds: [...this.settings.vpc.subnetIds], SecurityGroupIds: [...this.settings.vpc.securityGroupIds] }] }
              : {}),
          },
          ...(this.settings.logStreamArn === undefined ? {} : { CloudWatchLoggingOptions: [{ LogStreamARN: this.settings.logStreamArn }] }),
        }),
      );
      await this.flink.send(new StartApplicationCommand({ ApplicationName: job.application, RunConfiguration: restore }));
      return this.waitForRunning(job, 'created and started', undefined);
    }

    if (step.action === 'start') {
      this.log(`${job.job}: starting ${job.application} (${step.deployed.status})`);
      await this.flink.send(new StartApplicationCommand({ ApplicationName: job.application, RunConfiguration: restore }));
      return this.waitForRunning(job, 'started', undefined);
    }

    this.log(`${job.job}: updating ${job.application} (${step.changes.join(', ') || 'state reset'})`);
    const updated = await this.flink.send(
      new UpdateApplicationCommand({
        ApplicationName: job.application,
        CurrentApplicationVersionId: step.deployed.revision,
        ApplicationConfigurationUpdate: {
          ...(step.changes.includes('runner') ? { ApplicationCodeConfigurationUpdate: { CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: runnerKey } } } } : {}),
          EnvironmentPropertyUpdates: { PropertyGroups: groups },
          ...(step.changes.includes('parallelism') || step.changes.includes('autoscaling')
            ? { FlinkApplicationConfigurationUpdate: { ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: job.parallelism, AutoScalingEnabledUpdate: job.autoscaling } } }
            : {}),
        },
        RunConfigurationUpdate: restore,
      }),
    );
    // A running application restarts with the update by itself; a stopped one is started here.
    if (step.deployed.status === 'READY') await this.flink.send(new StartApplicationCommand({ ApplicationName: job.application, RunConfiguration: restore }));
    return this.waitForRunning(job, 'updated', updated.ApplicationDetail?.ApplicationVersionId);
  }

  private propertyGroups(job: CompiledJob, scriptKey: string): PropertyGroup[] {
    return [
      { PropertyGroupId: RUNNER_PROPERTY_GROUP, PropertyMap: { 'script.path': `s3://${this.settings.bucket}/${scriptKey}` } },
      { PropertyGroupId: DEPLOY_PROPERTY_GROUP, PropertyMap: { job: job.job, 'script.hash': job.scriptHash, 'state.hash': job.stateHash, 'runner.hash': job.runnerHash } },
    ];
  }

  /**
   * The job's reference files under the artifact bucket's reference/ prefix, from the repository's
   * reference/ folder. Their keys are fixed (the compiled script names them), so a changed file
   * replaces the object and the runner's next reload reads it; an unchanged one (same SHA-256) is not sent.
   */
  private async uploadReferenceFiles(job: CompiledJob): Promise<void> {
    const { referenceDir } = this.settings;
    if (referenceDir === undefined) return;
    const prefix = `s3://${this.settings.bucket}/${REFERENCE_PREFIX}/`;
    for (const resource of job.resources) {
      if (resource.kind !== 'file' || !resource.uri.startsWith(prefix)) continue;
      const relativePath = resource.uri.slice(prefix.length);
      const key = `${REFERENCE_PREFIX}/${relativePath}`;
      const body = readFileSync(join(referenceDir, relativePath));
      const sha256 = createHash('sha256').update(body).digest('hex');
      try {
        const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
        if (head.Metadata?.['content-sha256'] === sha256) continue;
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
      }
      this.log(`${job.job}: uploading reference file ${relativePath} to s3://${this.settings.bucket}/${key}`);
      await this.s3.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: body, ServerSideEncryption: 'aws:kms', Metadata: { 'content-sha256': sha256 } }));
    }
  }

  /** Content-hashed keys: an object already there is the same bytes, so it is not sent again. */
  private async upload(key: string, path: string): Promise<void> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
    this.log(`uploading s3://${this.settings.bucket}/${key}`);
    await this.s3.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: readFileSync(path), ServerSideEncryption: 'aws:kms' }));
  }

  /**
   * Polls until RUNNING. Back at READY after having left it, ROLLED_BACK, or the timeout, is a
   * failure; a failed update (`updatedVersion` set) is rolled back to the version before it.
   */
  private async waitForRunning(job: CompiledJob, done: string, updatedVersion: number | undefined): Promise<StepResult> {
    const started = Date.now();
    let last: string | undefined;
    let leftReady = false;
    let failure: string | undefined;
    while (failure === undefined) {
      const detail = await this.detail(job.application);
      const status = detail?.ApplicationStatus ?? 'DELETING';
      const seconds = Math.round((Date.now() - started) / 1000);
      if (status !== last) this.log(`${job.job}: ${status} (${String(seconds)} s)`);
      last = status;
      if (status === 'RUNNING') return { job: job.job, ok: true, summary: `${done}, RUNNING after ${String(seconds)} s` };
      if (status !== 'READY') leftReady = true;
      if (status === 'READY' && leftReady) failure = 'stopped again (READY) instead of running; see its CloudWatch logs';
      else if (status === 'ROLLED_BACK' || status === 'DELETING') failure = `ended ${status}`;
      else if (Date.now() - started > this.settings.waitTimeoutMs) failure = `not RUNNING after ${String(Math.round(this.settings.waitTimeoutMs / 1000))} s (last ${status})`;
      else await sleep(this.settings.pollIntervalMs);
    }
    if (updatedVersion === undefined) return { job: job.job, ok: false, summary: failure };
    this.log(`${job.job}: ${failure}; rolling back to the version before this deploy`);
    await this.flink.send(new RollbackApplicationCommand({ ApplicationName: job.application, CurrentApplicationVersionId: updatedVersion }));
    return { job: job.job, ok: false, summary: `${failure}; rolled back (RollbackApplication from version ${String(updatedVersion)})` };
  }
}
