/**
 * The consistency check between compiled jobs and the CDK app (infra/consistency/), run on the real
 * app synthesized from jobs/ and on jobs compiled from its outputs, as a first deploy would: it passes
 * on jobs/, and each kind of defect it exists for is caught and named (job, resource, missing grant).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/cdk/app.js';
import { infraConfig } from '../../infra/cdk/config.js';
import { jobNeeds } from '../../infra/cdk/job-needs.js';
import { awsTargetOptions, OUTPUT, parseStackOutputs, type DeploymentOutputs } from '../../infra/cdk/stack-outputs.js';
import { checkDeployment, renderFindings, type CheckedJob } from '../../infra/consistency/deployment-check.js';
import { synthesizedOutputs } from '../../infra/consistency/synthesized-outputs.js';
import { deployedValues, TemplateValues, type CfnTemplate, type StackTemplate } from '../../infra/consistency/template-values.js';
import { REFERENCE_DIR } from '../../common/reference-files.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { compileAll, writeBuild } from '../../sql/compiler/compile-all.js';
import { awsTarget, type AwsTargetOptions } from '../../sql/compiler/compile-target.js';
import { loadJobs } from '../../sql/compiler/load-jobs.js';

const JOBS_DIR = join(REPO_ROOT, 'jobs');

let stacks: StackTemplate[];
let outputs: DeploymentOutputs;
/** The synthesized app as `npm run synth` leaves it: what `cdk deploy --app cdk.out` deploys and deploy-jobs checks. */
let cdkOut: string;

function values(edit?: (stacks: StackTemplate[]) => StackTemplate[]): TemplateValues {
  const copies = stacks.map((stack) => ({ ...stack, template: structuredClone(stack.template) }));
  return new TemplateValues(edit === undefined ? copies : edit(copies));
}

async function compiled(target: AwsTargetOptions, jobsDir = JOBS_DIR): Promise<readonly CheckedJob[]> {
  return (await compileAll({ jobsDir, repoRoot: REPO_ROOT, target: awsTarget(target) })).manifest.jobs;
}

const fixtureFolders: string[] = [];

/** A jobs folder holding one job file, inside jobs/ so it imports jobs/sources.ts as a job file does; removed after the file's tests. */
function jobsFolder(file: string, text: string): string {
  const folder = mkdtempSync(join(JOBS_DIR, '.check-fixture-'));
  fixtureFolders.push(folder);
  writeFileSync(join(folder, file), text);
  return folder;
}

afterAll(() => {
  for (const folder of fixtureFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

beforeAll(async () => {
  const needs = (await loadJobs(JOBS_DIR, REPO_ROOT)).map(jobNeeds);
  cdkOut = mkdtempSync(join(tmpdir(), 'cdk-check-'));
  const { app } = buildApp(infraConfig(), needs, cdkOut);
  stacks = app.synth().stacks.map((stack) => ({ stackName: stack.stackName, template: stack.template as CfnTemplate, region: stack.environment.region }));
  outputs = synthesizedOutputs(new TemplateValues(stacks));
}, 120_000);

describe('deployment consistency check', () => {
  it('passes on jobs/ compiled from the app’s own outputs: every stream, consumer, file, secret, dead-letter queue and log path exists and is granted', async () => {
    // Act
    const jobs = await compiled(awsTargetOptions(outputs));
    const findings = checkDeployment({ jobs, values: values(), referenceDir: REFERENCE_DIR });

    // Assess
    expect(renderFindings(findings)).toBe('');
    expect(outputs.streamNames).toEqual({ raw: 'clickstream-raw', features: 'clickstream-features', 'clicks-deduped': 'clickstream-clicks-deduped' });
    // Every job's source dead-letters to the app's queue (its Ref: the queue URL), oversized records under flink/.
    expect(outputs.jobsDeadLetterQueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/{{AccountId}}/clickstream-jobs-dlq');
    expect(outputs.jobsDeadLetterPayloads).toMatch(/^s3:\/\/\{\{clickstream-data\.deadletterpayloads[0-9a-f]+\}\}\/flink$/);
    const deadLetters = jobs.flatMap((job) => job.resources.filter((resource) => resource.kind === 'dead-letters'));
    expect(deadLetters).toHaveLength(jobs.length);
    expect(new Set(deadLetters.map((resource) => `${resource.queueUrl ?? ''} ${resource.region ?? ''} ${resource.payloads ?? ''}`))).toEqual(
      new Set([`${outputs.jobsDeadLetterQueueUrl} us-east-1 ${outputs.jobsDeadLetterPayloads}`]),
    );
  }, 120_000);

  it('after a deploy: the real names in cdk deploy’s outputs file (generated bucket, account, secret suffix) are learned, and jobs compiled from it pass', async () => {
    // Prepare: the outputs as a deploy reports them, every placeholder given a value CloudFormation would.
    const real = (text: string) =>
      text
        .replaceAll('{{AccountId}}', '123456789012')
        .replace(/\{\{clickstream-data\.(artifacts|datalake|deadletterpayloads)([0-9a-f]+)\}\}/g, (_, bucket: string, hash: string) => `clickstream-data-${bucket}${hash}-1q2w3e4r5t6y`)
        .replace(/\{\{clickstream-data\.CachePassword[0-9A-F]+\}\}/, 'CachePassword1A2B3C-xYz123')
        .replace(/\{\{clickstream-data\.ReferenceCache[0-9A-F]+\.Endpoint\.Address\}\}/, 'clickstream-reference-abc123.serverless.use1.cache.amazonaws.com')
        .replace(/\{\{clickstream-data\.ReferenceCache[0-9A-F]+\.Endpoint\.Port\}\}/, '6379')
        .replace(/\{\{clickstream-data\.Network[A-Za-z0-9]+\}\}/g, 'subnet-0abc')
        .replace(/\{\{clickstream-(data|compute)\.[A-Za-z0-9]+\.GroupId\}\}/g, 'sg-0abc');
    const synthesized = new TemplateValues(stacks);
    const deployedOutputs = Object.fromEntries(Object.values(OUTPUT).map((key) => [key, real(synthesized.output(key) ?? '')]));
    const deployed = parseStackOutputs({ 'clickstream-data': deployedOutputs }, 'outputs.json');

    // Act
    const findings = checkDeployment({ jobs: await compiled(awsTargetOptions(deployed)), values: deployedValues(stacks, deployedOutputs), referenceDir: REFERENCE_DIR });

    // Assess
    expect(deployed.artifactsBucket).toMatch(/^clickstream-data-artifacts[0-9a-f]+-1q2w3e4r5t6y$/);
    expect(deployed.cacheSecretArn).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:CachePassword1A2B3C-xYz123');
    expect(deployed.jobsDeadLetterQueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/clickstream-jobs-dlq');
    expect(deployed.jobsDeadLetterPayloads).toMatch(/^s3:\/\/clickstream-data-deadletterpayloads[0-9a-f]+-1q2w3e4r5t6y\/flink$/);
    expect(renderFindings(findings)).toBe('');
  }, 120_000);

  it('deploy-jobs runs the check before it changes anything: jobs compiled with logical names are refused, naming each finding, before any AWS call', async () => {
    // Prepare: jobs compiled without the outputs' names (the first-deploy defect), the outputs file, and a stand-in runner jar.
    const folder = mkdtempSync(join(tmpdir(), 'deploy-check-'));
    const withoutNames: AwsTargetOptions = { ...awsTargetOptions(outputs) };
    delete (withoutNames as { streamNames?: unknown }).streamNames;
    writeBuild(join(folder, 'build'), await compileAll({ jobsDir: JOBS_DIR, repoRoot: REPO_ROOT, target: awsTarget(withoutNames) }));
    const synthesized = new TemplateValues(stacks);
    writeFileSync(join(folder, 'outputs.json'), JSON.stringify({ 'clickstream-data': Object.fromEntries(Object.values(OUTPUT).map((key) => [key, synthesized.output(key)])) }));
    writeFileSync(join(folder, 'runner.jar'), 'not used: nothing is deployed');

    // Act
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'infra/deploy-jobs/cli.ts', '--dry-run', '--build', join(folder, 'build'), '--stack-outputs', join(folder, 'outputs.json'), '--cdk-out', cdkOut, '--runner-jar', join(folder, 'runner.jar')],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: 'none', AWS_SECRET_ACCESS_KEY: 'none' } },
    );

    // Assess
    expect(result.status, result.stdout).toBe(1);
    expect(result.stderr).toContain('deploy-jobs: nothing deployed: the jobs do not fit the deployed infrastructure:');
    expect(result.stderr).toContain("user-activity.v1: stream 'raw' (read, table clicks): the CDK app creates no stream of that name");
    expect(result.stdout).not.toContain('plan (Managed Flink');
  }, 120_000);

  it('catches logical stream names compiled without the app’s outputs (first deploy defect: raw vs clickstream-raw)', async () => {
    // Act
    const withoutNames: AwsTargetOptions = { ...awsTargetOptions(outputs) };
    delete (withoutNames as { streamNames?: unknown }).streamNames;
    const findings = checkDeployment({ jobs: await compiled(withoutNames), values: values() });

    // Assess
    const text = renderFindings(findings);
    expect(text).toContain("user-activity.v1: stream 'raw' (read, table clicks): the CDK app creates no stream of that name (it creates clickstream-raw, clickstream-features, clickstream-clicks-deduped)");
    expect(text).toContain("click-dedupe.v1: stream 'clicks-deduped' (write, table click_dedupe_v1__sink): the CDK app creates no stream of that name");
  }, 120_000);

  it('names the job and the stream when a job writes a stream the app lacks (a broken job fixture)', async () => {
    // Prepare
    const folder = jobsFolder(
      'click-copy.ts',
      "import { dedupe } from '../../sql/index.js';\nimport { clicks } from '../sources.js';\nexport const v1 = dedupe({ from: clicks, key: ['event_id'], stateTtl: '1 h', sinkStream: 'clicks-copied' });\n",
    );
    const byRule: AwsTargetOptions = { ...awsTargetOptions(outputs), streamNames: (logical) => `clickstream-${logical}` };

    // Act
    const findings = checkDeployment({ jobs: await compiled(byRule, folder), values: values() });

    // Assess
    expect(renderFindings(findings)).toContain("click-copy.v1: stream 'clickstream-clicks-copied' (write, table click_copy_v1__sink): the CDK app creates no stream of that name");
    // And compiling from the outputs refuses the job outright, naming the stream and what to do.
    await expect(compiled(awsTargetOptions(outputs), folder)).rejects.toThrow(/stream 'clicks-copied' is not one the deployed infrastructure has \(its StreamNames: raw, features, clicks-deduped\); synthesize and deploy the CDK app/);
  }, 120_000);

  it('names the missing grant when a job reads a stream the role may only write', async () => {
    // Prepare: a job over click-dedupe's output, which no job of the app reads.
    const folder = jobsFolder(
      'deduped-count.ts',
      "import { job, source, tumble, count, t } from '../../sql/index.js';\nconst deduped = source({ name: 'deduped', stream: 'clicks-deduped', columns: { user_id: t.string(), ts: t.bigint() }, eventTime: { column: 'ts', watermarkDelay: '5 s' } });\nexport const v1 = job({ from: deduped, keys: ['user_id'], window: tumble('1 min'), aggregations: () => [count()] });\n",
    );

    // Act
    const findings = checkDeployment({ jobs: await compiled(awsTargetOptions(outputs), folder), values: values() });

    // Assess
    expect(renderFindings(findings)).toMatch(
      /deduped-count\.v1: stream 'clickstream-clicks-deduped' \(read, table deduped\): role clickstream-flink lacks kinesis:GetShardIterator, kinesis:GetRecords, kinesis:DescribeStream on arn:aws:kinesis:us-east-1:\{\{AccountId\}\}:stream\/clickstream-clicks-deduped/,
    );
  }, 120_000);

  it('names the missing grant when the role cannot read reference/ or register its consumer (policies edited out)', async () => {
    // Prepare: drop the role's statements on reference/ and on consumers, as the app had them before.
    const withoutGrants = values((copies) => {
      for (const stack of copies) {
        for (const resource of Object.values(stack.template.Resources ?? {})) {
          const document = resource.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined;
          if (resource.Type !== 'AWS::IAM::Policy' || document?.Statement === undefined) continue;
          document.Statement = document.Statement.filter((statement) => !/reference\/\*|consumer\/\*|RegisterStreamConsumer/.test(JSON.stringify(statement)));
        }
      }
      return copies;
    });

    // Act
    const text = renderFindings(checkDeployment({ jobs: await compiled(awsTargetOptions(outputs)), values: withoutGrants }));

    // Assess
    expect(text).toMatch(/click-context\.v1: s3:\/\/\{\{clickstream-data\.artifacts[0-9a-f]+\}\}\/reference\/page-categories\.jsonl: role clickstream-flink lacks s3:GetObject/);
    expect(text).toContain("user-activity.v1: stream 'clickstream-raw' (read, table clicks): role clickstream-flink lacks kinesis:RegisterStreamConsumer");
    expect(text).toMatch(/user-activity\.v1: stream 'clickstream-raw' \(read, table clicks\), consumer 'user_activity_v1': role clickstream-flink lacks kinesis:DescribeStreamConsumer, kinesis:SubscribeToShard, kinesis:DeregisterStreamConsumer on .*stream\/clickstream-raw\/consumer\/user_activity_v1:/);
  }, 120_000);

  it('names the missing grant when the role may not send to the jobs’ dead-letter queue or put an oversized record (policies edited out)', async () => {
    // Prepare: drop the statements that let anyone send to a queue, and the Flink role's put under flink/.
    const withoutGrants = values((copies) => {
      for (const stack of copies) {
        for (const resource of Object.values(stack.template.Resources ?? {})) {
          const document = resource.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined;
          if (resource.Type !== 'AWS::IAM::Policy' || document?.Statement === undefined) continue;
          document.Statement = document.Statement.filter((statement) => !/sqs:SendMessage|"\/flink\/\*"/.test(JSON.stringify(statement)));
        }
      }
      return copies;
    });

    // Act
    const text = renderFindings(checkDeployment({ jobs: await compiled(awsTargetOptions(outputs)), values: withoutGrants }));

    // Assess: each job, the queue and the payload folder, and what the role lacks on which ARN.
    expect(text).toContain(
      'user-activity.v1: dead-letter queue https://sqs.us-east-1.amazonaws.com/{{AccountId}}/clickstream-jobs-dlq (table clicks): role clickstream-flink lacks sqs:SendMessage on arn:aws:sqs:us-east-1:{{AccountId}}:clickstream-jobs-dlq',
    );
    expect(text).toMatch(
      /user-activity\.v1: s3:\/\/\{\{clickstream-data\.deadletterpayloads[0-9a-f]+\}\}\/flink\/user-activity\.v1\/record: role clickstream-flink lacks s3:PutObject on arn:aws:s3:::\{\{clickstream-data\.deadletterpayloads[0-9a-f]+\}\}\/flink\/user-activity\.v1\/record/,
    );
    expect(text.split('\n').filter((line) => line.includes('lacks sqs:SendMessage'))).toHaveLength(13);
  }, 120_000);

  it('names a queue the app lacks, and the KMS grants a producer to an encrypted queue needs (its key changed)', async () => {
    // Prepare: the jobs' queue encrypted with a key the role was never granted (a key ID, as KmsMasterKeyId may give it).
    const otherKey = values((copies) => {
      for (const stack of copies) {
        for (const resource of Object.values(stack.template.Resources ?? {})) {
          if (resource.Type === 'AWS::SQS::Queue' && resource.Properties?.QueueName === 'clickstream-jobs-dlq') resource.Properties.KmsMasterKeyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
        }
      }
      return copies;
    });
    const elsewhere: AwsTargetOptions = { ...awsTargetOptions(outputs), deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/someone-elses-dlq' };

    // Act
    const keyText = renderFindings(checkDeployment({ jobs: await compiled(awsTargetOptions(outputs)), values: otherKey }));
    const queueText = renderFindings(checkDeployment({ jobs: await compiled(elsewhere), values: values() }));

    // Assess
    expect(keyText).toContain(
      'user-activity.v1: dead-letter queue https://sqs.us-east-1.amazonaws.com/{{AccountId}}/clickstream-jobs-dlq (table clicks): role clickstream-flink lacks kms:GenerateDataKey, kms:Decrypt on arn:aws:kms:us-east-1:{{AccountId}}:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    expect(queueText).toMatch(
      /user-activity\.v1: dead-letter queue https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/someone-elses-dlq \(table clicks\): the CDK app has no queue of that URL \(its queues: .*https:\/\/sqs\.us-east-1\.amazonaws\.com\/\{\{AccountId\}\}\/clickstream-jobs-dlq/,
    );
  }, 120_000);

  it('names a reference file that deploy-jobs could not upload (missing from reference/)', async () => {
    // Act
    const findings = checkDeployment({ jobs: await compiled(awsTargetOptions(outputs)), values: values(), referenceDir: mkdtempSync(join(tmpdir(), 'no-reference-')) });

    // Assess
    expect(renderFindings(findings)).toContain('click-context.v1: ');
    expect(renderFindings(findings)).toContain('deploy-jobs uploads reference files from reference/, which has no page-categories.jsonl');
  }, 120_000);

  it('names what every application needs: DescribeLogStreams on the log group (policy edited out)', () => {
    // Prepare
    const withoutDescribe = values((copies) => {
      for (const stack of copies) {
        for (const resource of Object.values(stack.template.Resources ?? {})) {
          const document = resource.Properties?.PolicyDocument as { Statement?: unknown[] } | undefined;
          if (resource.Type === 'AWS::IAM::Policy' && document?.Statement !== undefined) document.Statement = document.Statement.filter((statement) => !JSON.stringify(statement).includes('DescribeLogStreams'));
        }
      }
      return copies;
    });

    // Act
    const text = renderFindings(checkDeployment({ jobs: [], values: withoutDescribe }));

    // Assess
    expect(text).toBe(
      '(every application): arn:aws:logs:us-east-1:{{AccountId}}:log-group:/aws/kinesis-analytics/clickstream:*: role clickstream-flink lacks logs:DescribeLogStreams on arn:aws:logs:us-east-1:{{AccountId}}:log-group:/aws/kinesis-analytics/clickstream:*',
    );
  });
});
