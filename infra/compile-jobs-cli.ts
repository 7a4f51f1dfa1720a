/**
 * npm run compile-jobs [-- --target local|aws] [--stack-outputs FILE] [--kinesis-endpoint URL] [--region R] [--redis-url URL | --cache NAME]
 *                        [--redis-secret ARN] [--reference-data-root URI] [--data-lake-root URI]
 *                        [--dead-letter-queue-url URL] [--dead-letter-payloads URI] [--out DIR]
 *
 * For `--target aws` every physical name (streams, cache, secret, buckets, the jobs' dead-letter queue,
 * region) comes from the deployed CDK app's outputs (`cdk deploy --outputs-file`); the other flags
 * override single values.
 *
 * Compiles every job in jobs/ to Flink SQL, with a manifest and output schemas, into build/jobs/.
 * Errors print as `file: cause` and exit 1; every broken job file is listed in one run, and then nothing
 * is written (the previous build stays whole: see writeBuild).
 */
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compileAll, writeBuild } from '../sql/compiler/compile-all.js';
import { awsTarget, localTarget, type AwsTargetOptions, type CompileTarget } from '../sql/compiler/compile-target.js';
import { JobDefinitionError, JobFileError, JobFilesError } from '../sql/errors.js';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { serverlessCacheUrl } from './deploy-jobs/cache-endpoint.js';
import { awsTargetOptions, DEFAULT_STACK_OUTPUTS_FILE, deployedPipelineConsumers, readStackOutputs, StackOutputsError, type DeploymentOutputs } from './cdk/stack-outputs.js';
import { readFanOut, renderReadFanOut, type PipelineConsumer } from './capacity/read-fan-out.js';
import { existsSync } from 'node:fs';
import { REPO_ROOT } from '../common/repo-paths.js';
import { UserError } from '../common/user-error.js';

const DEFAULT_LOCAL_ENDPOINT = 'http://localhost:4567';
const DEFAULT_LOCAL_REDIS = 'redis://127.0.0.1:6379';
/** Reference files of local runs: the repository's reference/ folder. */
const DEFAULT_LOCAL_REFERENCE_ROOT = pathToFileURL(join(REPO_ROOT, 'reference')).href;
/** Data-lake copies of local runs: build/data-lake/, next to the compiled jobs. */
const DEFAULT_LOCAL_DATA_LAKE_ROOT = pathToFileURL(join(REPO_ROOT, 'build/data-lake')).href;

interface TargetFlags {
  readonly target?: string | undefined;
  readonly 'kinesis-endpoint'?: string | undefined;
  readonly region?: string | undefined;
  readonly 'redis-url'?: string | undefined;
  readonly cache?: string | undefined;
  readonly 'redis-secret'?: string | undefined;
  readonly 'reference-data-root'?: string | undefined;
  readonly 'data-lake-root'?: string | undefined;
  readonly 'dead-letter-queue-url'?: string | undefined;
  readonly 'dead-letter-payloads'?: string | undefined;
  readonly 'stack-outputs'?: string | undefined;
}


/** `--cache NAME`: the serverless cache's TLS endpoint from the ElastiCache API (AWS credentials from the default chain). */
async function cacheUrl(name: string, region: string): Promise<string> {
  const client = new ElastiCacheClient({ region });
  try {
    return await serverlessCacheUrl(client, name);
  } catch (error) {
    throw new JobDefinitionError(error instanceof Error ? error.message : String(error));
  } finally {
    client.destroy();
  }
}

interface Target {
  readonly target: CompileTarget;
  /** For aws: the readers the pipeline itself puts on the streams (the enricher's consumer), for the read fan-out. */
  readonly pipelineConsumers?: readonly PipelineConsumer[];
}

async function target(values: TargetFlags): Promise<Target> {
  if (values.cache !== undefined && values['redis-url'] !== undefined) throw new JobDefinitionError('give --redis-url or --cache, not both');
  const redisCredentialsSecret = values['redis-secret'] ?? process.env.REDIS_AUTH_SECRET_ARN;
  const referenceDataRoot = values['reference-data-root'];
  const dataLakeRoot = values['data-lake-root'];
  const deadLetterQueueUrl = values['dead-letter-queue-url'];
  const deadLetterPayloads = values['dead-letter-payloads'];
  if (values.target === undefined || values.target === 'local') {
    if (values.cache !== undefined) throw new JobDefinitionError('--cache names an ElastiCache cache: it is for --target aws; locally use --redis-url');
    if (deadLetterQueueUrl !== undefined || deadLetterPayloads !== undefined) {
      throw new JobDefinitionError('--dead-letter-queue-url and --dead-letter-payloads are for --target aws; a local compile dead-letters to .cache/dead-letters/<job>.jsonl (npm start gives each run its own queue)');
    }
    return { target: localTarget({
      kinesisEndpoint: values['kinesis-endpoint'] ?? process.env.KINESIS_ENDPOINT ?? DEFAULT_LOCAL_ENDPOINT,
      redisUrl: values['redis-url'] ?? process.env.REDIS_URL ?? DEFAULT_LOCAL_REDIS,
      ...(redisCredentialsSecret === undefined ? {} : { redisCredentialsSecret }),
      referenceDataRoot: referenceDataRoot ?? DEFAULT_LOCAL_REFERENCE_ROOT,
      dataLakeRoot: dataLakeRoot ?? DEFAULT_LOCAL_DATA_LAKE_ROOT,
    }) };
  }
  if (values.target === 'aws') {
    const outputsFile = values['stack-outputs'] ?? DEFAULT_STACK_OUTPUTS_FILE;
    if (!existsSync(outputsFile)) {
      throw new JobDefinitionError(
        `--target aws takes stream, cache, secret and bucket names from the deployed CDK app's outputs, and ${relative(process.cwd(), outputsFile)} does not exist: deploy with npx cdk deploy --app cdk.out --all --outputs-file ${relative(process.cwd(), DEFAULT_STACK_OUTPUTS_FILE)}, or pass --stack-outputs FILE`,
      );
    }
    let deployed: AwsTargetOptions;
    let outputs: DeploymentOutputs;
    try {
      outputs = readStackOutputs(outputsFile);
      deployed = awsTargetOptions(outputs);
    } catch (error) {
      if (error instanceof StackOutputsError) throw new JobDefinitionError(error.message);
      throw error;
    }
    const region = values.region ?? deployed.region;
    const redisUrl = values.cache === undefined ? (values['redis-url'] ?? deployed.redisUrl) : await cacheUrl(values.cache, region);
    const compileTarget = awsTarget({
      ...deployed,
      region,
      ...(redisUrl === undefined ? {} : { redisUrl }),
      ...(values['redis-secret'] === undefined ? {} : { redisCredentialsSecret: values['redis-secret'] }),
      ...(referenceDataRoot === undefined ? {} : { referenceDataRoot }),
      ...(dataLakeRoot === undefined ? {} : { dataLakeRoot }),
      ...(deadLetterQueueUrl === undefined ? {} : { deadLetterQueueUrl }),
      ...(deadLetterPayloads === undefined ? {} : { deadLetterPayloads }),
    });
    return { target: compileTarget, pipelineConsumers: deployedPipelineConsumers(outputs) };
  }
  throw new JobDefinitionError(`unknown --target '${values.target}' (use local or aws)`);
}

const USAGE = `usage: npm run compile-jobs [-- --target local|aws] [--stack-outputs FILE] [--kinesis-endpoint URL] [--region R] [--redis-url URL | --cache NAME]
                        [--redis-secret ARN] [--reference-data-root URI] [--data-lake-root URI]
                        [--dead-letter-queue-url URL] [--dead-letter-payloads URI] [--out DIR]
  --stack-outputs FILE (aws) the deployed CDK app's outputs (cdk deploy --outputs-file; default build/cdk-outputs.json):
                       stream names, region, cache, its secret, reference and data-lake roots, the jobs' dead-letter queue
                       and payload folder; the flags below override
  --cache NAME         (aws) the ElastiCache serverless cache whose endpoint Redis lookups use (the CDK app's is <name>-reference)
  --redis-secret ARN   Secrets Manager secret {username, password} of the cache user (REDIS_AUTH_SECRET_ARN; the CDK app's CacheSecretArn output)
  --dead-letter-queue-url URL  (aws) the SQS queue records a job cannot read go to (the CDK app's JobsDeadLetterQueueUrl output)
  --dead-letter-payloads URI   (aws) s3:// folder for records whose letter is over SQS's message limit (the JobsDeadLetterPayloads output)`;

function flags() {
  try {
    return parseArgs({
      options: {
        target: { type: 'string' },
        'kinesis-endpoint': { type: 'string' },
        region: { type: 'string' },
        'redis-url': { type: 'string' },
        cache: { type: 'string' },
        'redis-secret': { type: 'string' },
        'reference-data-root': { type: 'string' },
        'data-lake-root': { type: 'string' },
        'dead-letter-queue-url': { type: 'string' },
        'dead-letter-payloads': { type: 'string' },
        'stack-outputs': { type: 'string' },
        out: { type: 'string', default: join(REPO_ROOT, 'build/jobs') },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    // An unknown or incomplete flag: the reason and the usage, not a stack trace.
    throw new JobDefinitionError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const values = flags();
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const { target: compileTarget, pipelineConsumers: consumers } = await target(values);
  const outDir = relative(process.cwd(), values.out) || '.';
  const result = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target: compileTarget }).catch((error: unknown) => {
    // Every broken file is in the message; say too that the build folder was left alone, so nobody deploys
    // what is there believing it is this compile.
    if (error instanceof JobFilesError) {
      const previous = existsSync(join(values.out, 'manifest.json')) ? ' (it keeps the previous compile)' : '';
      throw new JobFileError(`${error.message}\nnothing written to ${outDir}/${previous}: fix the job file${error.problems.length === 1 ? '' : 's'} above and compile again`, { cause: error });
    }
    throw error;
  });
  // On AWS, the reads the jobs put on each stream must fit Kinesis's limits before anything is written.
  const reads = consumers === undefined ? undefined : readFanOut(result.manifest.jobs, consumers);
  if (reads?.some((stream) => stream.problems.length > 0) === true) throw new JobDefinitionError(`the jobs' reads do not fit Kinesis's limits (nothing written):\n${renderReadFanOut(reads)}`);
  writeBuild(values.out, result);
  console.log(`Compiled ${result.manifest.jobs.length} job(s) for target '${compileTarget.name}' into ${outDir}/:`);
  const width = Math.max(...result.manifest.jobs.map((job) => job.name.length));
  const gaps = new Set<string>();
  for (const [index, job] of result.manifest.jobs.entries()) {
    console.log(`  ${job.name.padEnd(width)}  ${job.file} -> ${join(outDir, job.sqlFile)}  (state ${job.stateHash})`);
    const report = result.validation[index];
    if (report === undefined) continue;
    report.leftToFlink.forEach((gap) => gaps.add(gap));
    console.log(
      `  ${''.padEnd(width)}  parsed: ${report.statementsParsedWhole} statement(s) whole, ${report.statementsParsedInParts} in parts, ${report.expressionsParsed} expression(s)`,
    );
  }
  if (gaps.size > 0) console.log(`  left to Flink's EXPLAIN (node-sql-parser lacks): ${[...gaps].join('; ')}`);
  console.log(`  manifest: ${join(outDir, 'manifest.json')}`);
  if (reads !== undefined) console.log(`Kinesis reads (the plan npm run capacity prints too), within Kinesis's limits:\n${renderReadFanOut(reads)}`);
}

main().catch((error: unknown) => {
  if (error instanceof UserError) console.error(`compile-jobs: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
