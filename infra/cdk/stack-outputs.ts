/**
 * The values compile-jobs and deploy-jobs take from the deployed infrastructure, as CloudFormation
 * outputs of the CDK app's stacks: the one source of the physical names of streams, buckets, the
 * cache, its secret, the Flink role and log stream, the jobs' dead-letter queue and payload folder.
 * `cdk deploy --all --outputs-file FILE` writes them as `{ "<stack>": { "<output>": "<value>" } }`; both
 * tools read that file (`--stack-outputs`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AwsTargetOptions } from '../../sql/compiler/compile-target.js';
import { JobDefinitionError } from '../../sql/errors.js';
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';
import type { PipelineConsumer } from '../capacity/read-fan-out.js';
import { pipelineConsumers } from './resource-names.js';
import { InfraError } from '../infra-error.js';

/** Where the README's first deployment has `cdk deploy` write the outputs; compile-jobs and deploy-jobs read them there by default. */
export const DEFAULT_STACK_OUTPUTS_FILE = join(REPO_ROOT, 'build/cdk-outputs.json');

/** Output keys, unique across the app's stacks. */
export const OUTPUT = {
  region: 'Region',
  applicationPrefix: 'ApplicationPrefix',
  streamNames: 'StreamNames',
  artifactsBucket: 'ArtifactsBucket',
  referenceDataRoot: 'ReferenceDataRoot',
  dataLakeRoot: 'DataLakeRoot',
  cacheName: 'CacheName',
  cacheUrl: 'CacheUrl',
  cacheSecretArn: 'CacheSecretArn',
  flinkRoleArn: 'FlinkRoleArn',
  flinkLogStreamArn: 'FlinkLogStreamArn',
  flinkSubnets: 'FlinkSubnets',
  flinkSecurityGroups: 'FlinkSecurityGroups',
  jobsDeadLetterQueueUrl: 'JobsDeadLetterQueueUrl',
  jobsDeadLetterPayloads: 'JobsDeadLetterPayloads',
} as const;

const list = z.string().transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''));

const outputsSchema = z.object({
  [OUTPUT.region]: z.string().min(1),
  [OUTPUT.applicationPrefix]: z.string().min(1),
  [OUTPUT.streamNames]: z.string().transform((text, context) => {
    try {
      return z.record(z.string(), z.string().min(1)).parse(JSON.parse(text));
    } catch (error) {
      context.addIssue({ code: 'custom', message: `not a JSON object of stream names: ${error instanceof Error ? error.message : String(error)}` });
      return z.NEVER;
    }
  }),
  [OUTPUT.artifactsBucket]: z.string().min(1),
  [OUTPUT.referenceDataRoot]: z.string().startsWith('s3://'),
  [OUTPUT.dataLakeRoot]: z.string().startsWith('s3://'),
  [OUTPUT.cacheName]: z.string().min(1),
  [OUTPUT.cacheUrl]: z.string().startsWith('rediss://'),
  [OUTPUT.cacheSecretArn]: z.string().startsWith('arn:'),
  [OUTPUT.flinkRoleArn]: z.string().startsWith('arn:'),
  [OUTPUT.flinkLogStreamArn]: z.string().startsWith('arn:'),
  [OUTPUT.flinkSubnets]: list,
  [OUTPUT.flinkSecurityGroups]: list,
  [OUTPUT.jobsDeadLetterQueueUrl]: z.string().startsWith('https://'),
  [OUTPUT.jobsDeadLetterPayloads]: z.string().startsWith('s3://'),
});

/** The deployed infrastructure as compile-jobs and deploy-jobs need it. */
export interface DeploymentOutputs {
  readonly region: string;
  /** Managed Flink applications are named `<prefix>-<job>`. */
  readonly applicationPrefix: string;
  /** Physical stream names by logical name (`raw` -> `clickstream-raw`). */
  readonly streamNames: Readonly<Record<string, string>>;
  readonly artifactsBucket: string;
  readonly referenceDataRoot: string;
  readonly dataLakeRoot: string;
  readonly cacheName: string;
  readonly cacheUrl: string;
  readonly cacheSecretArn: string;
  readonly flinkRoleArn: string;
  readonly flinkLogStreamArn: string;
  readonly flinkSubnets: readonly string[];
  readonly flinkSecurityGroups: readonly string[];
  /** The SQS queue the jobs' sources send the records they cannot read to. */
  readonly jobsDeadLetterQueueUrl: string;
  /** `s3://<bucket>/flink`: where the records of oversized dead letters go. */
  readonly jobsDeadLetterPayloads: string;
}

export class StackOutputsError extends InfraError {
  override readonly name = 'StackOutputsError';
}

/** Every stack's outputs in one record (the keys are unique across the app). */
export function mergedStackOutputs(byStack: unknown, source: string): Record<string, string> {
  const stacks = z.record(z.string(), z.record(z.string(), z.string())).safeParse(byStack);
  if (!stacks.success) throw new StackOutputsError(`${source}: not the outputs file of cdk deploy ({ "<stack>": { "<output>": "<value>" } })`);
  return Object.assign({}, ...Object.values(stacks.data)) as Record<string, string>;
}

/** Parses the outputs of every stack; names what is missing or wrong. */
export function parseStackOutputs(byStack: unknown, source: string): DeploymentOutputs {
  const merged = mergedStackOutputs(byStack, source);
  const parsed = outputsSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new StackOutputsError(`${source}: the stack outputs lack what the jobs need (${problems}); deploy the CDK app of this version (npx cdk deploy --app cdk.out --all --outputs-file ${source})`);
  }
  // Each field under its output's key: OUTPUT names both.
  const outputs: Readonly<Record<string, unknown>> = parsed.data;
  return Object.fromEntries(Object.entries(OUTPUT).map(([field, key]) => [field, outputs[key]])) as unknown as DeploymentOutputs;
}

export function readStackOutputs(path: string): DeploymentOutputs {
  return parseStackOutputs(readStackOutputsFile(path), path);
}

/** The outputs file as cdk deploy wrote it. */
export function readStackOutputsFile(path: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StackOutputsError(`cannot read the stack outputs ${path}: ${error instanceof Error ? error.message : String(error)} (write it with npx cdk deploy --app cdk.out --all --outputs-file ${path})`);
  }
  return json;
}

/** The readers the deployed pipeline itself puts on its streams: the enricher's consumer of features. */
export function deployedPipelineConsumers(outputs: DeploymentOutputs): PipelineConsumer[] {
  return pipelineConsumers({ name: outputs.applicationPrefix }, outputs.streamNames.features);
}

/**
 * The `aws` compile target of a deployment: every name from its outputs. A job whose stream the
 * deployed app lacks does not compile: the app must be synthesized and deployed with the job first.
 */
export function awsTargetOptions(outputs: DeploymentOutputs): AwsTargetOptions {
  return {
    region: outputs.region,
    streamNames: (logical) => {
      const physical = outputs.streamNames[logical];
      if (physical === undefined) {
        throw new JobDefinitionError(
          `stream '${logical}' is not one the deployed infrastructure has (its ${OUTPUT.streamNames}: ${Object.keys(outputs.streamNames).join(', ')}); synthesize and deploy the CDK app with this job (npm run synth, then cdk deploy) before compiling for it`,
        );
      }
      return physical;
    },
    redisUrl: outputs.cacheUrl,
    redisCredentialsSecret: outputs.cacheSecretArn,
    referenceDataRoot: outputs.referenceDataRoot,
    dataLakeRoot: outputs.dataLakeRoot,
    deadLetterQueueUrl: outputs.jobsDeadLetterQueueUrl,
    deadLetterPayloads: outputs.jobsDeadLetterPayloads,
  };
}
