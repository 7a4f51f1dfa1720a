/**
 * npm run deploy-jobs -- [--target aws|local] [--job NAME]... [--dry-run] [--allow-state-reset] [options]
 * npm run deploy-jobs -- status [--target aws|local] [options]
 *
 * Plans the deploy of the compiled jobs (build/jobs, from `npm run compile-jobs`), prints the plan,
 * and applies it: to Amazon Managed Service for Apache Flink, or (`--target local`) to the embedded
 * Flink on this machine, where the jobs then run until Ctrl-C.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureManagedRunnerJar, ensureRunnerJar } from '../../runner/runner-jar.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { untilInterrupted } from '../../common/cli-runner.js';
import { UserError } from '../../common/user-error.js';
import { DeployInputError, desiredJobs, readManifest } from './desired-jobs.js';
import { isBlocked, planDeployment, renderPlan, type DeployedJob } from './job-plan.js';
import { LocalFlinkTarget } from './local-target.js';
import { ManagedFlinkTarget, type ManagedFlinkSettings } from './managed-flink-target.js';
import { DEFAULT_STACK_OUTPUTS_FILE, mergedStackOutputs, OUTPUT, parseStackOutputs, readStackOutputsFile } from '../cdk/stack-outputs.js';
import { readCloudAssembly } from '../consistency/cloud-assembly.js';
import { checkDeployment, renderFindings } from '../consistency/deployment-check.js';
import { deployedValues } from '../consistency/template-values.js';
import { REFERENCE_DIR } from '../../common/reference-files.js';
import { CliUsageError } from '../../common/cli-options.js';
import { InfraError } from '../infra-error.js';


const USAGE = `usage:
  npm run deploy-jobs -- [--target aws|local] [--job NAME]... [--dry-run] [--allow-state-reset] [options]
  npm run deploy-jobs -- status [--target aws|local] [options]

  --target aws|local         Managed Flink (default) or the embedded Flink on this machine
  --build DIR                compiled jobs (default build/jobs; compile with the same --target)
  --job NAME                 only this job (repeatable); default every job in the manifest
  --dry-run                  print the plan and exit
  --allow-state-reset        start jobs whose state shape changed WITHOUT their state (otherwise refused)
  --parallelism N            Flink parallelism for every job (default: each job's own \`scaling\`)
aws: every value below comes from the deployed CDK app's outputs; a flag (or its environment variable) overrides one
  --stack-outputs FILE       cdk deploy --outputs-file (default build/cdk-outputs.json)
  --cdk-out DIR              the synthesized app that was deployed (default cdk.out): jobs are checked against it
                             before anything changes (streams, consumers, files, secrets exist and are granted)
  --region R                 AWS_REGION
  --bucket NAME              DEPLOY_BUCKET: the artifact bucket of the CDK app
  --role-arn ARN             FLINK_ROLE_ARN: the applications' execution role
  --application-prefix P     application names are P-<job> (default clickstream)
  --log-stream-arn ARN       FLINK_LOG_STREAM_ARN: CloudWatch log stream for the applications
  --subnets a,b              FLINK_SUBNETS and --security-groups sg FLINK_SECURITY_GROUPS: VPC for Redis lookups
  --runner-jar PATH          default: runner built with -Pmanaged-flink
  --wait-timeout SECONDS     per job, for its start or update to finish (default 600)
  --settle SECONDS           how long a job must then stay RUNNING without a restart (CloudWatch fullRestarts)
                             to count as deployed (default 180: CloudWatch reports each minute)`;

/** deploy-jobs ran, and deployed nothing (a job blocked, the jobs not fitting the infrastructure) or some jobs failed. */
class DeploymentRefused extends InfraError {
  override readonly name = 'DeploymentRefused';
}

function options(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        target: { type: 'string', default: 'aws' },
        build: { type: 'string' },
        job: { type: 'string', multiple: true, default: [] },
        'dry-run': { type: 'boolean', default: false },
        'allow-state-reset': { type: 'boolean', default: false },
        parallelism: { type: 'string' },
        region: { type: 'string' },
        bucket: { type: 'string' },
        'role-arn': { type: 'string' },
        'application-prefix': { type: 'string' },
        'stack-outputs': { type: 'string' },
        'cdk-out': { type: 'string' },
        'log-stream-arn': { type: 'string' },
        subnets: { type: 'string' },
        'security-groups': { type: 'string' },
        'runner-jar': { type: 'string' },
        'wait-timeout': { type: 'string', default: '600' },
        settle: { type: 'string', default: '180' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliUsageError(`--${flag} must be a whole number >= 1, got '${text}'`);
  return value;
}

function required(flag: string, variable: string, value: string | undefined): string {
  const resolved = value ?? process.env[variable];
  if (resolved === undefined || resolved === '') throw new CliUsageError(`--target aws needs --${flag} (or ${variable})`);
  return resolved;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

const say = (line: string) => {
  console.log(`[deploy-jobs] ${line}`);
};

function printStatus(deployed: ReadonlyMap<string, DeployedJob>): void {
  if (deployed.size === 0) {
    say('nothing deployed');
    return;
  }
  for (const job of deployed.values()) {
    const snapshot = job.latestSnapshot === undefined ? 'no snapshot' : `snapshot ${job.latestSnapshot.name} (${job.latestSnapshot.createdAt.toISOString()})`;
    console.log(`  ${job.application}  ${job.status}  version ${String(job.revision)}  script ${job.scriptHash ?? '?'}  state ${job.stateHash ?? '?'}  ${snapshot}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = options(process.argv.slice(2));
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const command = positionals[0] ?? 'deploy';
  if (command !== 'deploy' && command !== 'status') throw new CliUsageError(`unknown command '${command}'\n\n${USAGE}`);
  if (values.target !== 'aws' && values.target !== 'local') throw new CliUsageError(`unknown --target '${values.target}' (use aws or local)`);
  const parallelism = values.parallelism === undefined ? undefined : positiveInteger('parallelism', values.parallelism);
  const buildDir = values.build ?? join(REPO_ROOT, 'build/jobs');

  if (values.target === 'local') {
    const target = new LocalFlinkTarget(join(REPO_ROOT, '.cache/deploy-jobs/local'), say);
    if (command === 'status') {
      printStatus(target.describe());
      return;
    }
    const manifest = readManifest(buildDir);
    if (manifest.target !== 'local') throw new DeployInputError(`${buildDir} was compiled for target '${manifest.target}'; run npm run compile-jobs -- --target local`);
    const jobs = desiredJobs(manifest, buildDir, { runnerJar: ensureRunnerJar(), applicationPrefix: '', parallelism, only: values.job });
    const plan = planDeployment(jobs, target.describe(), { allowStateReset: values['allow-state-reset'] });
    console.log(`plan (local embedded Flink, ${buildDir}):\n${renderPlan(plan)}`);
    if (values['dry-run']) return;
    if (isBlocked(plan)) throw new DeploymentRefused('nothing deployed: a job is blocked (see the plan above)');
    const running = await target.apply(plan, jobs, buildDir);
    say(`${String(running.jobs.length)} job(s) running on the embedded Flink; Ctrl-C stops them (their checkpoints are kept for the next deploy)`);
    const signal = await untilInterrupted();
    say(`${signal}: stopping`);
    await running.stop();
    return;
  }

  const outputsFile = values['stack-outputs'] ?? (existsSync(DEFAULT_STACK_OUTPUTS_FILE) ? DEFAULT_STACK_OUTPUTS_FILE : undefined);
  const outputsJson = outputsFile === undefined ? undefined : readStackOutputsFile(outputsFile);
  // Read once: the raw values name what the templates leave as placeholders; the parsed ones set the defaults below.
  const rawOutputs = outputsFile === undefined ? undefined : mergedStackOutputs(outputsJson, outputsFile);
  const deployed = outputsFile === undefined ? undefined : parseStackOutputs(outputsJson, outputsFile);
  if (deployed !== undefined) say(`infrastructure from ${relative(process.cwd(), outputsFile ?? '')}: region ${deployed.region}, bucket ${deployed.artifactsBucket}, role ${deployed.flinkRoleArn}`);
  const region = required('region', 'AWS_REGION', values.region ?? deployed?.region);
  const flink = new KinesisAnalyticsV2Client({ region });
  const s3 = new S3Client({ region });
  const cloudWatch = new CloudWatchClient({ region });
  try {
    const logStreamArn = values['log-stream-arn'] ?? process.env.FLINK_LOG_STREAM_ARN ?? deployed?.flinkLogStreamArn;
    const subnetIds = values.subnets !== undefined || process.env.FLINK_SUBNETS !== undefined ? list(values.subnets ?? process.env.FLINK_SUBNETS) : [...(deployed?.flinkSubnets ?? [])];
    const securityGroupIds =
      values['security-groups'] !== undefined || process.env.FLINK_SECURITY_GROUPS !== undefined ? list(values['security-groups'] ?? process.env.FLINK_SECURITY_GROUPS) : [...(deployed?.flinkSecurityGroups ?? [])];
    const settings: ManagedFlinkSettings = {
      bucket: command === 'status' ? '' : required('bucket', 'DEPLOY_BUCKET', values.bucket ?? deployed?.artifactsBucket),
      roleArn: command === 'status' ? '' : required('role-arn', 'FLINK_ROLE_ARN', values['role-arn'] ?? deployed?.flinkRoleArn),
      applicationPrefix: values['application-prefix'] ?? deployed?.applicationPrefix ?? 'clickstream',
      waitTimeoutMs: positiveInteger('wait-timeout', values['wait-timeout']) * 1000,
      pollIntervalMs: 5_000,
      settleMs: positiveInteger('settle', values.settle) * 1000,
      referenceDir: REFERENCE_DIR,
      ...(logStreamArn === undefined || logStreamArn === '' ? {} : { logStreamArn }),
      ...(subnetIds.length > 0 ? { vpc: { subnetIds, securityGroupIds } } : {}),
    };
    const target = new ManagedFlinkTarget(flink, s3, cloudWatch, settings, say);
    if (command === 'status') {
      printStatus(await target.describe());
      return;
    }
    const manifest = readManifest(buildDir);
    if (manifest.target !== 'aws') throw new DeployInputError(`${buildDir} was compiled for target '${manifest.target}'; run npm run compile-jobs -- --target aws --region ${region}`);
    const runnerJar = values['runner-jar'] ?? ensureManagedRunnerJar();
    const jobs = desiredJobs(manifest, buildDir, { runnerJar, applicationPrefix: settings.applicationPrefix, parallelism, only: values.job });
    // Before anything changes: the jobs' streams, consumers, files, secrets and cache exist in the
    // deployed app and its role may use them; a job that looks up Redis gets the VPC.
    const stacks = readCloudAssembly(values['cdk-out'] ?? join(REPO_ROOT, 'cdk.out'));
    const findings = checkDeployment({ jobs: jobs.map((job) => ({ name: job.job, resources: job.resources })), values: deployedValues(stacks, rawOutputs ?? {}), referenceDir: REFERENCE_DIR });
    if (findings.length > 0) throw new DeploymentRefused(`nothing deployed: the jobs do not fit the deployed infrastructure:\n${renderFindings(findings)}`);
    say(`consistency check: ${String(jobs.length)} job(s) fit the deployed infrastructure (every stream, consumer, file, secret and cache exists and is granted)`);
    const withoutVpc = jobs.filter((job) => job.usesRedis && settings.vpc === undefined);
    if (withoutVpc.length > 0) {
      throw new DeploymentRefused(`nothing deployed: ${withoutVpc.map((job) => job.job).join(', ')} look(s) up Redis, which is reachable only inside the VPC, and no subnets were given (the ${OUTPUT.flinkSubnets} output, --subnets or FLINK_SUBNETS)`);
    }
    const plan = planDeployment(jobs, await target.describe(), { allowStateReset: values['allow-state-reset'] });
    console.log(`plan (Managed Flink, ${region}, ${buildDir}):\n${renderPlan(plan)}`);
    if (values['dry-run']) return;
    if (isBlocked(plan)) throw new DeploymentRefused('nothing deployed: a job is blocked (see the plan above)');
    const results = await target.apply(plan, jobs, runnerJar);
    for (const result of results) say(`${result.job}: ${result.ok ? 'ok' : 'FAILED'}: ${result.summary}`);
    if (results.some((result) => !result.ok)) throw new DeploymentRefused(`${String(results.filter((result) => !result.ok).length)} job(s) failed`);
  } finally {
    flink.destroy();
    s3.destroy();
    cloudWatch.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UserError) console.error(`deploy-jobs: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
