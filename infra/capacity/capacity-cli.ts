/**
 * npm run capacity -- --events-per-sec 50000 [--avg-bytes N] [options]
 *
 * Sizes the AWS deployment for an event rate: stream shards, Flink parallelism and KPUs per job,
 * the enricher's Lambda concurrency, DynamoDB write capacity, cache ECPUs, producer tasks; and a
 * monthly cost estimate. Prints every figure with its formula and where each rate and limit comes
 * from; `--infra-config FILE` writes the sizes as a config for `npm run synth -- --config FILE`.
 */
import { availableParallelism } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CliUsageError, parseCliOptions } from '../../common/cli-options.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { BENCH_RESULTS_DIR } from '../../common/bench-results-folder.js';
import { runCli } from '../../common/cli-runner.js';
import { compileAll } from '../../sql/compiler/compile-all.js';
import { awsTarget } from '../../sql/compiler/compile-target.js';
import { DEFAULT_SINK_STREAM } from '../../sql/dsl/job-common.js';
import { infraConfig, type InfraConfig } from '../cdk/config.js';
import { jobsDeadLetterQueueName, physicalStreamName, pipelineConsumers } from '../cdk/resource-names.js';
import { readFanOut, renderReadFanOut, type StreamReads } from './read-fan-out.js';
import { AWS_LIMITS } from './aws-limits.js';
import { awsPricesSchema, DEFAULT_AWS_PRICES, type AwsPrices } from './aws-prices.js';
import { planCapacity, type CapacityPlan, type Figure, type JobProfile } from './capacity-plan.js';
import { measuredRates } from './measured-rates.js';
import { measureRecordSizes } from './record-sizes.js';
import { formatZodIssues } from '../../common/zod-issues.js';

const USAGE = `usage: npm run capacity -- --events-per-sec N [options]

  --events-per-sec N       average events per second into Elasticsearch (required)
  --avg-bytes N            average raw stream record, bytes (default: measured on a generated clickstream)
  --feature-bytes N        average features stream record, bytes (default: measured)
  --prediction-bytes N     average prediction item, bytes (default: measured)
  --headroom X             size for peaks X times the average (default 1.5)
  --stream-mode M          provisioned, on-demand, or cheaper (default: whichever costs less)
  --ttl-days N             days predictions are kept (default: the CDK config's, 30)
  --prices FILE            JSON replacing any of the built-in us-east-1 prices (shape: infra/capacity/aws-prices.ts)
  --infra-config FILE      write the sizes as a CDK config (npm run synth -- --config FILE)
  --json                   print the plan as JSON instead of tables`;

/** A flag holding a number: its text must parse, and the number pass `check`. */
function numberFlag(name: string, check: z.ZodNumber = z.number()) {
  return z
    .string({ error: 'is required' })
    .transform(Number)
    .pipe(check.refine(Number.isFinite, `${name} must be a number`));
}

const positive = (name: string) => z.number({ error: `${name} must be a number` }).positive(`${name} must be > 0`);
const recordBytes = positive('bytes').max(AWS_LIMITS.kinesis.maxRecordBytes, 'a Kinesis record holds at most 1 MiB');

const optionsSchema = z.object({
  'events-per-sec': numberFlag('events per second', positive('events per second')),
  'avg-bytes': numberFlag('bytes', recordBytes).optional(),
  'feature-bytes': numberFlag('bytes', recordBytes).optional(),
  'prediction-bytes': numberFlag('bytes', positive('bytes').max(400 * 1_024, 'a DynamoDB item holds at most 400 KB')).optional(),
  headroom: numberFlag('headroom', z.number({ error: 'headroom must be a number' }).min(1, 'must be >= 1 (it multiplies the average rate)')).default(1.5),
  'stream-mode': z.enum(['provisioned', 'on-demand', 'cheaper']).default('cheaper'),
  'ttl-days': numberFlag('days', positive('days')).optional(),
  prices: z.string().optional(),
  'infra-config': z.string().optional(),
  json: z.boolean().default(false),
});

function readPrices(file: string | undefined): AwsPrices {
  if (file === undefined) return DEFAULT_AWS_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`--prices ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = awsPricesSchema.safeParse(json);
  if (!parsed.success) throw new CliUsageError(`--prices ${file}: ${formatZodIssues(parsed.error.issues, '')}`);
  return parsed.data;
}

/**
 * The jobs in jobs/ compiled for the aws target as a deploy of the default CDK config names its
 * streams (the same reader and consumers compile-jobs --target aws gives them), with the reads they
 * put on each stream.
 */
async function compiledJobs(config: InfraConfig): Promise<{ profiles: JobProfile[]; reads: StreamReads[] }> {
  const target = awsTarget({
    region: config.region,
    streamNames: (logical) => physicalStreamName(config, logical),
    redisUrl: 'rediss://cache.invalid:6379',
    redisCredentialsSecret: 'capacity-model-cache',
    referenceDataRoot: 's3://capacity-model/reference',
    dataLakeRoot: 's3://capacity-model/data-lake',
    // Not read by the capacity model: every source dead-letters, so the target needs a queue to compile.
    deadLetterQueueUrl: `https://sqs.${config.region}.amazonaws.com/${config.account ?? '000000000000'}/${jobsDeadLetterQueueName(config)}`,
  });
  const { manifest } = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });
  const reads = readFanOut(manifest.jobs, pipelineConsumers(config, physicalStreamName(config, DEFAULT_SINK_STREAM)));
  const profiles = manifest.jobs.map((job) => ({
    name: job.name,
    type: job.type,
    sourceStream: job.sources[0]?.stream ?? 'raw',
    sinkStream: job.sinks[0]?.stream ?? DEFAULT_SINK_STREAM,
    declaredParallelism: job.scaling.parallelism,
    autoscaling: job.scaling.autoscaling,
    redisLookupsPerEvent: job.referenceTables.filter((table) => table.store === 'redis').length,
  }));
  return { profiles, reads };
}

const money = (value: number): string => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const figure = (label: string, value: Figure): string => `| ${label} | ${value.value.toLocaleString('en-US')} ${value.unit} | ${value.formula} |`;

function printPlan(plan: CapacityPlan, reads: readonly StreamReads[], prices: AwsPrices, sizes: { source: string }): void {
  const { demand } = plan;
  console.log(`Capacity for ${demand.eventsPerSecond.toLocaleString('en-US')} events/s (sized for ${String(demand.headroom)}x peaks), prices of ${prices.region}`);
  console.log(`record sizes: raw ${String(demand.rawRecordBytes)} B, feature row ${String(demand.featureRowBytes)} B, prediction item ${String(demand.predictionItemBytes)} B (${sizes.source})\n`);
  console.log('| resource | size | formula |');
  console.log('|---|---|---|');
  for (const stream of [plan.streams.raw, plan.streams.features]) {
    console.log(figure(`Kinesis ${stream.name} (${plan.streamMode}${plan.streamMode === 'on-demand' ? ': shards it scales to' : ''})`, stream.shards));
    console.log(`| Kinesis ${stream.name} readers | ${String(stream.efoConsumers)} enhanced fan-out consumer${stream.efoConsumers === 1 ? '' : 's'} | each reader its own 2 MiB/s per shard; polling readers share 5 GetRecords/s |`);
  }
  for (const job of plan.flink) {
    console.log(figure(`Flink ${job.job} parallelism (declares ${String(job.declaredParallelism)})`, job.parallelism));
    console.log(figure(`Flink ${job.job} KPUs`, job.kpus));
  }
  console.log(figure('Lambda enricher concurrency', plan.lambda.concurrency));
  console.log(figure('Lambda ParallelizationFactor', plan.lambda.parallelizationFactor));
  console.log(figure('DynamoDB predictions writes', plan.dynamodb.writeUnitsPerSecond));
  console.log(figure('DynamoDB WCU if provisioned (the table is on-demand)', plan.dynamodb.provisionedWcu));
  console.log(figure('DynamoDB partitions', plan.dynamodb.partitions));
  console.log(figure('ElastiCache serverless', plan.elasticache.ecpusPerSecond));
  console.log(figure('Fargate producer', plan.producer.tasks));

  console.log(`\nKinesis reads per stream (the plan compile-jobs --target aws checks), against the documented limits:\n${renderReadFanOut(reads)}`);
  console.log('\nMonthly cost (730 h, on-demand list prices):\n');
  console.log('| service | item | USD/month | formula |');
  console.log('|---|---|---|---|');
  for (const line of plan.costs) console.log(`| ${line.service} | ${line.item} | ${money(line.monthlyUsd)} | ${line.formula} |`);
  console.log(`| **total** | | **${money(plan.monthlyUsd)}** | |`);
  console.log(`\nstreams: provisioned ${money(plan.streamCosts.provisioned)}, on-demand ${money(plan.streamCosts.onDemand)} a month; the plan uses ${plan.streamMode}`);
  console.log(`predictions table writes: on-demand ${money(plan.writeCosts.onDemand)} a month, as the CDK app deploys the table; provisioned for the peak would cost ${money(plan.writeCosts.provisioned)}`);

  console.log('\nmeasured rates (per core / invocation / vCPU):');
  const rateLines = new Map<string, string>();
  for (const job of plan.flink) rateLines.set(`Flink ${job.rate.measuredFor}`, `${job.rate.value.toLocaleString('en-US')} events/s per core: ${job.rate.source}`);
  for (const [name, line] of rateLines) console.log(`  ${name}: ${line}`);
  console.log(`  enricher: ${plan.lambda.rate.value.toLocaleString('en-US')} rows/s per invocation: ${plan.lambda.rate.source}`);
  console.log(`  producer: ${plan.producer.rate.value.toLocaleString('en-US')} docs/s per vCPU: ${plan.producer.rate.source}`);
  console.log('  these were measured on a 2-core machine against local emulators; a KPU or a Lambda vCPU is not the same core: treat the sizes as a first estimate and load-test');
  if (plan.warnings.length > 0) {
    console.log('\nwarnings:');
    for (const warning of plan.warnings) console.log(`  - ${warning}`);
  }
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), optionsSchema, USAGE, ['json']);
  const prices = readPrices(options.prices);
  const defaults = infraConfig();
  const needsSizes = options['avg-bytes'] === undefined || options['feature-bytes'] === undefined || options['prediction-bytes'] === undefined;
  const measured = needsSizes ? measureRecordSizes() : undefined;
  const demand = {
    eventsPerSecond: options['events-per-sec'],
    rawRecordBytes: options['avg-bytes'] ?? measured?.rawRecordBytes ?? 0,
    featureRowBytes: options['feature-bytes'] ?? measured?.featureRowBytes ?? 0,
    predictionItemBytes: options['prediction-bytes'] ?? measured?.predictionItemBytes ?? 0,
    headroom: options.headroom,
    predictionTtlDays: options['ttl-days'] ?? defaults.predictionTtlDays,
  };
  const { profiles, reads } = await compiledJobs(defaults);
  const plan = planCapacity(
    demand,
    {
      jobs: profiles,
      rawStream: 'raw',
      featuresStream: DEFAULT_SINK_STREAM,
      enricherLookupsPerRow: 2,
      enricherBatchSize: defaults.enricher.batchSize,
      enricherMemoryMb: defaults.enricher.memoryMb,
      referenceDataGb: 0.001,
      producerTaskVcpus: 1,
      producerTaskMemoryGb: 2,
    },
    measuredRates(BENCH_RESULTS_DIR, availableParallelism()),
    prices,
    options['stream-mode'] === 'cheaper' ? undefined : options['stream-mode'],
  );
  if (options.json) console.log(JSON.stringify({ ...plan, kinesisReads: reads }, null, 2));
  else printPlan(plan, reads, prices, { source: measured === undefined ? 'given' : `measured on ${String(measured.sampledEvents)} generated events unless given` });
  if (options['infra-config'] !== undefined) {
    const config = {
      streams: plan.streamMode === 'provisioned' ? { mode: 'provisioned', rawShards: plan.streams.raw.shards.value, featureShards: plan.streams.features.shards.value } : { mode: 'on-demand' },
      enricher: { parallelizationFactor: plan.lambda.parallelizationFactor.value },
      predictionTtlDays: demand.predictionTtlDays,
    };
    infraConfig(config);
    writeFileSync(options['infra-config'], `${JSON.stringify(config, null, 2)}\n`);
    if (!options.json) console.log(`\nwrote ${options['infra-config']}: npm run synth -- --config ${options['infra-config']}`);
  }
}

runCli(main);
