/**
 * deploy-jobs against Amazon Managed Service for Apache Flink: describes what is deployed (one
 * application per job, the hashes of its last deploy in a property group, its latest snapshot) and
 * applies a plan: upload the runner jar, scripts and reference files, create or update the
 * application with snapshots and system rollback on (and the VPC for a Redis job), start it restoring
 * the right state, wait until it is healthy (application-health.ts), and roll a failed update back
 * where the service allows it.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  AddApplicationVpcConfigurationCommand,
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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_PREFIX } from '../cdk/resource-names.js';
import { ApplicationHealth, type Health } from './application-health.js';
import { contentHash, type CompiledJob } from './desired-jobs.js';
import type { DeployedJob, JobStep, Plan, Restore } from './job-plan.js';

/** The runner reads its script location from this group (runner, `managed` mode). */
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
  /** How long a started or updated application must stay RUNNING without a restart to count as deployed. */
  readonly settleMs: number;
  /**
   * The repository's reference/ folder: the reference files jobs read from the artifact bucket's
   * `reference/` prefix are uploaded from here (when their content changed) before a job starts.
   */
  readonly referenceDir?: string;
}

export type StepResult = { readonly job: string; readonly ok: true; readonly summary: string } | { readonly job: string; readonly ok: false; readonly summary: string };

const RUNTIME = RuntimeEnvironment.FLINK_1_19;
/** The statuses RollbackApplication accepts (API reference, RollbackApplication). */
const ROLLBACK_STATUSES: readonly string[] = ['UPDATING', 'AUTOSCALING', 'RUNNING'];

function property(groups: readonly PropertyGroup[] | undefined, group: string, key: string): string | undefined {
  return groups?.find((candidate) => candidate.PropertyGroupId === group)?.PropertyMap?.[key];
}

function restoreType(restore: Restore): ApplicationRestoreType {
  return restore.kind === 'latest-snapshot' ? ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT : ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT;
}

export class ManagedFlinkTarget {
  private readonly health: ApplicationHealth;

  constructor(
    private readonly flink: KinesisAnalyticsV2Client,
    private readonly s3: S3Client,
    cloudWatch: CloudWatchClient,
    private readonly settings: ManagedFlinkSettings,
    private readonly log: (line: string) => void,
  ) {
    this.health = new ApplicationHealth(flink, cloudWatch, settings, log);
  }

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
            // The service rolls a failed update back to the version that ran before it by itself.
            ApplicationSystemRollbackConfiguration: { RollbackEnabled: true },
            FlinkApplicationConfiguration: {
              CheckpointConfiguration: { ConfigurationType: 'DEFAULT' },
              MonitoringConfiguration: { ConfigurationType: 'CUSTOM', LogLevel: 'INFO', MetricsLevel: 'TASK' },
              ParallelismConfiguration: { ConfigurationType: 'CUSTOM', Parallelism: job.parallelism, ParallelismPerKPU: 1, AutoScalingEnabled: job.autoscaling },
            },
            ...(job.usesRedis && this.settings.vpc !== undefined ? { VpcConfigurations: [this.vpcConfiguration(this.settings.vpc)] } : {}),
          },
          ...(this.settings.logStreamArn === undefined ? {} : { CloudWatchLoggingOptions: [{ LogStreamARN: this.settings.logStreamArn }] }),
        }),
      );
      const started = await this.flink.send(new StartApplicationCommand({ ApplicationName: job.application, RunConfiguration: restore }));
      return this.outcome(job, 'created and started', await this.health.waitUntilHealthy(job.application, started.OperationId, job.job), undefined);
    }

    if (step.action === 'start') {
      this.log(`${job.job}: starting ${job.application} (${step.deployed.status})`);
      const started = await this.flink.send(new StartApplicationCommand({ ApplicationName: job.application, RunConfiguration: restore }));
      return this.outcome(job, 'started', await this.health.waitUntilHealthy(job.application, started.OperationId, job.job), undefined);
    }

    this.log(`${job.job}: updating ${job.application} (${step.changes.join(', ') || 'state reset'})`);
    let version = step.deployed.revision;
    const before = await this.detail(job.application);
    const configuration = before?.ApplicationConfigurationDescription;
    // A job that looks up Redis runs in the VPC; an application created without it gets it now.
    if (job.usesRedis && this.settings.vpc !== undefined && (configuration?.VpcConfigurationDescriptions ?? []).length === 0) {
      this.log(`${job.job}: adding the VPC (subnets ${this.settings.vpc.subnetIds.join(', ')}) to ${job.application}`);
      const added = await this.flink.send(new AddApplicationVpcConfigurationCommand({ ApplicationName: job.application, CurrentApplicationVersionId: version, VpcConfiguration: this.vpcConfiguration(this.settings.vpc) }));
      version = added.ApplicationVersionId ?? version + 1;
      if (added.OperationId !== undefined) {
        const health = await this.health.waitUntilHealthy(job.application, added.OperationId, job.job);
        if (!health.healthy) return { job: job.job, ok: false, summary: `adding the VPC failed: ${health.summary}` };
      }
    }
    const rollbackEnabled = configuration?.ApplicationSystemRollbackConfigurationDescription?.RollbackEnabled === true;
    const updated = await this.flink.send(
      new UpdateApplicationCommand({
        ApplicationName: job.application,
        CurrentApplicationVersionId: version,
        ApplicationConfigurationUpdate: {
          ...(step.changes.includes('runner') ? { ApplicationCodeConfigurationUpdate: { CodeContentUpdate: { S3ContentLocationUpdate: { FileKeyUpdate: runnerKey } } } } : {}),
          EnvironmentPropertyUpdates: { PropertyGroups: groups },
          ...(step.changes.includes('parallelism') || step.changes.includes('autoscaling')
            ? { FlinkApplicationConfigurationUpdate: { ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: job.parallelism, AutoScalingEnabledUpdate: job.autoscaling } } }
            : {}),
          // Applications created before deploy-jobs enabled system rollback get it with their next update.
          ...(rollbackEnabled ? {} : { ApplicationSystemRollbackConfigurationUpdate: { RollbackEnabledUpdate: true } }),
        },
        RunConfigurationUpdate: restore,
      }),
    );
    // A running application restarts with the update by itself; a stopped one is started here.
    let operationId = updated.OperationId;
    if (step.deployed.status === 'READY') operationId = (await this.flink.send(new StartApplicationCommand({ ApplicationName: job.application, RunConfiguration: restore }))).OperationId;
    return this.outcome(job, 'updated', await this.health.waitUntilHealthy(job.application, operationId, job.job), step.deployed.status === 'READY' ? undefined : 'update');
  }

  private vpcConfiguration(vpc: NonNullable<ManagedFlinkSettings['vpc']>): { SubnetIds: string[]; SecurityGroupIds: string[] } {
    return { SubnetIds: [...vpc.subnetIds], SecurityGroupIds: [...vpc.securityGroupIds] };
  }

  /**
   * The step's result. An unhealthy update of a running application is rolled back, where the
   * service allows it (RollbackApplication: the application UPDATING, AUTOSCALING or RUNNING, and a
   * snapshot to restore); otherwise the result says what state it was left in and why no rollback.
   */
  private async outcome(job: CompiledJob, done: string, health: Health, rollBack: 'update' | undefined): Promise<StepResult> {
    if (health.healthy) return { job: job.job, ok: true, summary: `${done}, ${health.summary}` };
    if (rollBack === undefined || health.rolledBackByService) return { job: job.job, ok: false, summary: health.summary };
    if (!ROLLBACK_STATUSES.includes(health.status)) {
      return { job: job.job, ok: false, summary: `${health.summary}; left ${health.status}, which RollbackApplication does not accept (only ${ROLLBACK_STATUSES.join(', ')}): fix the job and deploy again` };
    }
    const snapshots = (await this.flink.send(new ListApplicationSnapshotsCommand({ ApplicationName: job.application, Limit: 50 }))).SnapshotSummaries ?? [];
    if (!snapshots.some((snapshot) => snapshot.SnapshotStatus === 'READY')) {
      return { job: job.job, ok: false, summary: `${health.summary}; not rolled back: the application has no snapshot, and RollbackApplication needs one` };
    }
    const current = (await this.detail(job.application))?.ApplicationVersionId;
    if (current === undefined) return { job: job.job, ok: false, summary: `${health.summary}; the application is gone` };
    this.log(`${job.job}: ${health.summary}; rolling back to the version before this deploy`);
    const rolledBack = await this.flink.send(new RollbackApplicationCommand({ ApplicationName: job.application, CurrentApplicationVersionId: current }));
    const after = await this.health.waitUntilHealthy(job.application, rolledBack.OperationId, job.job);
    return { job: job.job, ok: false, summary: `${health.summary}; rolled back (RollbackApplication from version ${String(current)}): ${after.healthy ? 'the earlier version runs again' : `the rollback failed too: ${after.summary}`}` };
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
   * replaces the object and the runner's next reload reads it.
   */
  private async uploadReferenceFiles(job: CompiledJob): Promise<void> {
    const { referenceDir } = this.settings;
    if (referenceDir === undefined) return;
    const prefix = `s3://${this.settings.bucket}/${REFERENCE_PREFIX}/`;
    for (const resource of job.resources) {
      if (resource.kind !== 'file' || !resource.uri.startsWith(prefix)) continue;
      const relativePath = resource.uri.slice(prefix.length);
      await this.upload(`${REFERENCE_PREFIX}/${relativePath}`, join(referenceDir, relativePath), 'fixed');
    }
  }

  /**
   * Sends the file unless the object is already its bytes: under a `content-hashed` key any object
   * there is; under a `fixed` key only one whose recorded content hash matches.
   */
  private async upload(key: string, path: string, naming: 'content-hashed' | 'fixed' = 'content-hashed'): Promise<void> {
    // Only a fixed key needs the file's hash (a content-hashed key is one already); the runner jar is 100 MB.
    const hash = naming === 'fixed' ? contentHash(path) : undefined;
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      if (hash === undefined || head.Metadata?.['content-hash'] === hash) return;
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
    this.log(`uploading s3://${this.settings.bucket}/${key}`);
    // No ServerSideEncryption header: the bucket's default (its KMS data key) applies. `aws:kms` without
    // a key id would encrypt with the AWS managed aws/s3 key instead (S3 user guide, SSE-KMS).
    await this.s3.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: readFileSync(path), ...(hash === undefined ? {} : { Metadata: { 'content-hash': hash } }) }));
  }
}
