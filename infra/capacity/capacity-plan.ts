/**
 * The capacity model: from an event rate and record sizes to the AWS resources the pipeline needs
 * and what they cost a month. Pure arithmetic over documented limits (aws-limits.ts), prices
 * (aws-prices.ts) and per-core rates this repo measured (measured-rates.ts); every figure carries the
 * formula that produced it, with its numbers, so a reader can check it.
 */
import { AWS_LIMITS, HOURS_PER_MONTH, SECONDS_PER_MONTH } from './aws-limits.js';
import type { AwsPrices } from './aws-prices.js';
import type { MeasuredRate, MeasuredRates } from './measured-rates.js';

export interface Demand {
  readonly eventsPerSecond: number;
  /** Average size of a raw stream record (a normalized click), bytes. */
  readonly rawRecordBytes: number;
  /** Average size of a features stream record, bytes. */
  readonly featureRowBytes: number;
  /** Average size of a prediction item in DynamoDB, bytes. */
  readonly predictionItemBytes: number;
  /** Peaks above the average rate the sizing absorbs: 1.5 sizes for 1.5x the average. */
  readonly headroom: number;
  readonly predictionTtlDays: number;
}

/** What the model needs to know of a compiled job (the manifest has it). */
export interface JobProfile {
  readonly name: string;
  readonly type: string;
  readonly sourceStream: string;
  readonly sinkStream: string;
  readonly declaredParallelism: number;
  readonly autoscaling: boolean;
  /** Redis lookups per event (lookup joins against a `redis` reference table). */
  readonly redisLookupsPerEvent: number;
}

export interface PipelineShape {
  readonly jobs: readonly JobProfile[];
  readonly rawStream: string;
  readonly featuresStream: string;
  /** Redis keys the enricher reads per row (zip code, IP network). */
  readonly enricherLookupsPerRow: number;
  readonly enricherBatchSize: number;
  readonly enricherMemoryMb: number;
  /** Reference data held in the cache, GB. */
  readonly referenceDataGb: number;
  readonly producerTaskVcpus: number;
  readonly producerTaskMemoryGb: number;
}

export interface Figure {
  readonly value: number;
  readonly unit: string;
  readonly formula: string;
}

export interface StreamPlan {
  readonly name: string;
  readonly recordsPerSecond: number;
  readonly bytesPerSecond: number;
  readonly shards: Figure;
  /** Each reader gets enhanced fan-out: polling readers would share 5 GetRecords/s per shard. */
  readonly efoConsumers: number;
}

export interface FlinkJobPlan {
  readonly job: string;
  readonly rate: MeasuredRate & { readonly measuredFor: string };
  readonly parallelism: Figure;
  readonly kpus: Figure;
  readonly declaredParallelism: number;
}

export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly monthlyUsd: number;
  readonly formula: string;
}

export interface CapacityPlan {
  readonly demand: Demand;
  readonly streamMode: 'provisioned' | 'on-demand';
  readonly streams: { readonly raw: StreamPlan; readonly features: StreamPlan };
  readonly flink: readonly FlinkJobPlan[];
  readonly lambda: { readonly concurrency: Figure; readonly parallelizationFactor: Figure; readonly rate: MeasuredRate };
  /** The predictions table: on-demand, as the CDK app deploys it; provisioned capacity is the alternative it prices. */
  readonly dynamodb: { readonly mode: 'provisioned' | 'on-demand'; readonly writeUnitsPerSecond: Figure; readonly provisionedWcu: Figure; readonly partitions: Figure };
  readonly elasticache: { readonly ecpusPerSecond: Figure };
  readonly producer: { readonly tasks: Figure; readonly rate: MeasuredRate };
  readonly costs: readonly CostLine[];
  /** Both stream modes priced, whichever the plan chose. */
  readonly streamCosts: { readonly provisioned: number; readonly onDemand: number };
  readonly writeCosts: { readonly provisioned: number; readonly onDemand: number };
  readonly monthlyUsd: number;
  readonly warnings: readonly string[];
}

const KIB = 1_024;
const GIB = 1_024 ** 3;

function n(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A unit price: as precise as AWS lists it ($0.0000133334 per GB-second). */
function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 10 })}`;
}

/** Shards for a write load: the record limit or the byte limit, whichever binds, with headroom. */
function shardsFor(recordsPerSecond: number, recordBytes: number, headroom: number): Figure {
  const { shardWriteRecordsPerSecond, shardWriteBytesPerSecond } = AWS_LIMITS.kinesis;
  const byRecords = recordsPerSecond / shardWriteRecordsPerSecond;
  const byBytes = (recordsPerSecond * recordBytes) / shardWriteBytesPerSecond;
  return {
    value: Math.max(1, Math.ceil(Math.max(byRecords, byBytes) * headroom)),
    unit: 'shards',
    formula: `ceil(max(${n(recordsPerSecond)} rec/s / ${n(shardWriteRecordsPerSecond)}, ${n(recordsPerSecond)} x ${n(recordBytes)} B / 1 MiB) x ${n(headroom, 2)} headroom)`,
  };
}

function streamPlan(name: string, recordsPerSecond: number, recordBytes: number, consumers: number, headroom: number): StreamPlan {
  return { name, recordsPerSecond, bytesPerSecond: recordsPerSecond * recordBytes, shards: shardsFor(recordsPerSecond, recordBytes, headroom), efoConsumers: consumers };
}

/** Monthly cost of a stream in provisioned mode: shard-hours, PUT payload units, enhanced fan-out. */
function provisionedStreamCosts(stream: StreamPlan, recordBytes: number, prices: AwsPrices): CostLine[] {
  const { kinesis } = prices;
  const putUnits = stream.recordsPerSecond * Math.ceil(recordBytes / (25 * KIB));
  const readGb = (stream.bytesPerSecond * stream.efoConsumers * SECONDS_PER_MONTH) / GIB;
  return [
    { service: 'Kinesis', item: `${stream.name}: shard-hours`, monthlyUsd: stream.shards.value * HOURS_PER_MONTH * kinesis.shardHour, formula: `${n(stream.shards.value)} shards x ${n(HOURS_PER_MONTH)} h x ${usd(kinesis.shardHour)}` },
    { service: 'Kinesis', item: `${stream.name}: PUT payload units`, monthlyUsd: ((putUnits * SECONDS_PER_MONTH) / 1e6) * kinesis.millionPutPayloadUnits, formula: `${n(putUnits)} units/s (25 KB each) x ${n(SECONDS_PER_MONTH)} s / 1M x ${usd(kinesis.millionPutPayloadUnits)}` },
    {
      service: 'Kinesis',
      item: `${stream.name}: enhanced fan-out (${n(stream.efoConsumers)} consumer${stream.efoConsumers === 1 ? '' : 's'})`,
      monthlyUsd: stream.efoConsumers * stream.shards.value * HOURS_PER_MONTH * kinesis.efoConsumerShardHour + readGb * kinesis.efoGbRetrieved,
      formula: `${n(stream.efoConsumers)} x ${n(stream.shards.value)} shards x ${n(HOURS_PER_MONTH)} h x ${usd(kinesis.efoConsumerShardHour)} + ${n(readGb)} GB x ${usd(kinesis.efoGbRetrieved)}`,
    },
  ];
}

/** Monthly cost of a stream in on-demand mode: stream-hours, data ingested (1 KB rounding), fan-out reads. */
function onDemandStreamCosts(stream: StreamPlan, recordBytes: number, prices: AwsPrices): CostLine[] {
  const { kinesis } = prices;
  const ingestedGb = (stream.recordsPerSecond * Math.ceil(recordBytes / KIB) * KIB * SECONDS_PER_MONTH) / GIB;
  const readGb = (stream.bytesPerSecond * stream.efoConsumers * SECONDS_PER_MONTH) / GIB;
  return [
    { service: 'Kinesis', item: `${stream.name}: stream-hours (on-demand)`, monthlyUsd: HOURS_PER_MONTH * kinesis.onDemandStreamHour, formula: `${n(HOURS_PER_MONTH)} h x ${usd(kinesis.onDemandStreamHour)}` },
    { service: 'Kinesis', item: `${stream.name}: data ingested (on-demand)`, monthlyUsd: ingestedGb * kinesis.onDemandGbIngested, formula: `${n(ingestedGb)} GB (records rounded up to 1 KB) x ${usd(kinesis.onDemandGbIngested)}` },
    { service: 'Kinesis', item: `${stream.name}: enhanced fan-out reads (on-demand)`, monthlyUsd: readGb * kinesis.onDemandEfoGbRetrieved, formula: `${n(readGb)} GB x ${usd(kinesis.onDemandEfoGbRetrieved)}` },
  ];
}

function sum(lines: readonly CostLine[]): number {
  return lines.reduce((total, line) => total + line.monthlyUsd, 0);
}

/** The job's name without its version: the benchmarks measure `user-activity`, the manifest says `user-activity.v1`. */
function baseName(job: string): string {
  return job.replace(/\.v\d+$/, '');
}

function slowestRate(rates: MeasuredRates): MeasuredRate & { readonly measuredFor: string } {
  const measured = Object.entries(rates.flinkEventsPerCore).sort(([, a], [, b]) => a.value - b.value)[0];
  if (measured === undefined) throw new Error('no measured Flink rate to size jobs with');
  return { ...measured[1], measuredFor: measured[0] };
}

export function validateDemand(demand: Demand): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(demand)) if (!(value > 0) || !Number.isFinite(value)) problems.push(`${name} must be a number > 0 (got ${String(value)})`);
  if (demand.rawRecordBytes > AWS_LIMITS.kinesis.maxRecordBytes) problems.push(`rawRecordBytes ${n(demand.rawRecordBytes)} is over Kinesis's 1 MiB record limit`);
  if (demand.headroom < 1) problems.push(`headroom must be >= 1 (got ${String(demand.headroom)}): it multiplies the average rate`);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}

export function planCapacity(demand: Demand, shape: PipelineShape, rates: MeasuredRates, prices: AwsPrices, streamMode?: 'provisioned' | 'on-demand'): CapacityPlan {
  validateDemand(demand);
  const { eventsPerSecond: eps, headroom } = demand;
  const warnings: string[] = [];

  // Streams: every job reads raw; per-event jobs write one row per event to features, windowed ones far fewer.
  const rawReaders = shape.jobs.filter((job) => job.sourceStream === shape.rawStream);
  const perEventWriters = shape.jobs.filter((job) => job.sinkStream === shape.featuresStream && job.type === 'event-features');
  const windowedWriters = shape.jobs.filter((job) => job.sinkStream === shape.featuresStream && job.type !== 'event-features');
  if (windowedWriters.length > 0) warnings.push(`features stream: the ${String(windowedWriters.length)} windowed jobs (${windowedWriters.map((job) => job.name).join(', ')}) write a row per key and window, not per event; left out of its rate`);
  const elsewhere = shape.jobs.filter((job) => job.sinkStream !== shape.featuresStream && job.sinkStream !== shape.rawStream);
  for (const job of elsewhere) warnings.push(`${job.name} writes stream ${job.sinkStream}, which this model neither sizes nor prices`);
  const raw = streamPlan(shape.rawStream, eps, demand.rawRecordBytes, rawReaders.length, headroom);
  const featureRows = eps * perEventWriters.length;
  let features = streamPlan(shape.featuresStream, featureRows, demand.featureRowBytes, 1, headroom);
  for (const stream of [raw, features]) {
    if (stream.efoConsumers > AWS_LIMITS.kinesis.efoConsumersPerStream) warnings.push(`${stream.name}: ${String(stream.efoConsumers)} readers, over the ${String(AWS_LIMITS.kinesis.efoConsumersPerStream)} enhanced fan-out consumers a stream may have: split the jobs over two raw streams`);
  }

  // Flink: parallelism from the measured events per core of each job (or the slowest measured job).
  const fallback = slowestRate(rates);
  const flink = rawReaders.map((job): FlinkJobPlan => {
    const measured = rates.flinkEventsPerCore[baseName(job.name)];
    const rate = measured === undefined ? fallback : { ...measured, measuredFor: baseName(job.name) };
    if (measured === undefined) warnings.push(`${job.name}: not benchmarked; sized at ${rate.measuredFor}'s rate, the slowest measured`);
    const parallelism = Math.ceil((eps * headroom) / rate.value);
    const perKpu = AWS_LIMITS.managedFlink.defaultParallelismPerKpu;
    const kpus = Math.ceil(parallelism / perKpu) + AWS_LIMITS.managedFlink.orchestrationKpusPerApplication;
    if (kpus > AWS_LIMITS.managedFlink.maxKpusPerApplication) warnings.push(`${job.name}: ${String(kpus)} KPUs, over the default ${String(AWS_LIMITS.managedFlink.maxKpusPerApplication)} per application (ask for a quota increase)`);
    if (parallelism > job.declaredParallelism && !job.autoscaling) warnings.push(`${job.name}: declares parallelism ${String(job.declaredParallelism)} without autoscaling; ${n(eps)} events/s need ${String(parallelism)}`);
    if (parallelism > raw.shards.value) warnings.push(`${job.name}: parallelism ${String(parallelism)} is above the raw stream's ${String(raw.shards.value)} shards; the source subtasks beyond them idle, the rest of the job uses them`);
    return {
      job: job.name,
      rate,
      declaredParallelism: job.declaredParallelism,
      parallelism: { value: parallelism, unit: 'subtasks', formula: `ceil(${n(eps)} ev/s x ${n(headroom, 2)} / ${n(rate.value)} ev/s per core)` },
      kpus: { value: kpus, unit: 'KPUs', formula: `ceil(${String(parallelism)} / ${String(perKpu)} per KPU) + ${String(AWS_LIMITS.managedFlink.orchestrationKpusPerApplication)} orchestration` },
    };
  });

  // Lambda: concurrent invocations from the measured records per invocation; each shard gives at most 10.
  const lambdaRate = rates.enricherRecordsPerInvocation;
  const concurrency = Math.ceil((eps * headroom) / lambdaRate.value);
  const maxFactor = AWS_LIMITS.lambda.maxParallelizationFactor;
  if (concurrency > features.shards.value * maxFactor) {
    const shards = Math.ceil(concurrency / maxFactor);
    warnings.push(`features stream raised from ${String(features.shards.value)} to ${String(shards)} shards: the enricher needs ${String(concurrency)} concurrent batches and a shard gives at most ${String(maxFactor)}`);
    features = { ...features, shards: { value: shards, unit: 'shards', formula: `ceil(${String(concurrency)} concurrent enricher batches / ${String(maxFactor)} per shard)` } };
  }
  const factor = Math.min(maxFactor, Math.max(1, Math.ceil(concurrency / features.shards.value)));
  if (features.shards.value * factor > AWS_LIMITS.lambda.defaultAccountConcurrency) warnings.push(`the enricher may run ${String(features.shards.value * factor)} invocations at once, over the account's default ${String(AWS_LIMITS.lambda.defaultAccountConcurrency)}`);

  // DynamoDB: one prediction item per scored row.
  const unitsPerItem = Math.ceil(demand.predictionItemBytes / AWS_LIMITS.dynamodb.writeUnitBytes);
  const writeUnits = eps * unitsPerItem;
  const wcu = Math.ceil(writeUnits * headroom);
  if (wcu > AWS_LIMITS.dynamodb.defaultTableWriteUnitsPerSecond) warnings.push(`predictions table: ${n(wcu)} write units/s at peak, over the default ${n(AWS_LIMITS.dynamodb.defaultTableWriteUnitsPerSecond)} per table (raise it in Service Quotas before going live)`);

  // ElastiCache: the enricher's lookups plus the jobs' Redis lookup joins, 1 ECPU per KB each.
  const lookupsPerEvent = shape.enricherLookupsPerRow + rawReaders.reduce((total, job) => total + job.redisLookupsPerEvent, 0);
  const ecpus = eps * lookupsPerEvent;

  // Producer: Fargate tasks of `producerTaskVcpus` vCPUs from the measured documents per vCPU.
  const producerRate = rates.producerDocsPerVcpu;
  const tasks = Math.ceil((eps * headroom) / (producerRate.value * shape.producerTaskVcpus));

  const provisionedStreams = [...provisionedStreamCosts(raw, demand.rawRecordBytes, prices), ...provisionedStreamCosts(features, demand.featureRowBytes, prices)];
  const onDemandStreams = [...onDemandStreamCosts(raw, demand.rawRecordBytes, prices), ...onDemandStreamCosts(features, demand.featureRowBytes, prices)];
  const mode = streamMode ?? (sum(provisionedStreams) <= sum(onDemandStreams) ? 'provisioned' : 'on-demand');
  const totalKpus = flink.reduce((total, job) => total + job.kpus.value, 0);
  const parallelKpus = flink.reduce((total, job) => total + job.kpus.value - AWS_LIMITS.managedFlink.orchestrationKpusPerApplication, 0);
  const memoryGb = shape.enricherMemoryMb / 1_024;
  const busyInvocations = eps / lambdaRate.value;
  const invocationsPerSecond = featureRows / shape.enricherBatchSize;
  // DynamoDB bills 100 bytes of overhead per item on top of its data.
  const storedGb = (eps * 86_400 * demand.predictionTtlDays * (demand.predictionItemBytes + AWS_LIMITS.dynamodb.itemOverheadBytes)) / GIB;
  const cacheGb = Math.max(AWS_LIMITS.elasticache.minimumStoredGb, shape.referenceDataGb);
  const { managedFlink, lambda, dynamodb, elasticache, fargate } = prices;
  // Provisioned capacity is paid for the peak all month; on-demand only for what is written.
  const provisionedWrites: CostLine = { service: 'DynamoDB', item: 'predictions: provisioned writes', monthlyUsd: wcu * HOURS_PER_MONTH * dynamodb.wcuHour, formula: `${n(wcu)} WCU x ${n(HOURS_PER_MONTH)} h x ${usd(dynamodb.wcuHour)}` };
  const onDemandWrites: CostLine = { service: 'DynamoDB', item: 'predictions: on-demand writes', monthlyUsd: ((writeUnits * SECONDS_PER_MONTH) / 1e6) * dynamodb.millionWriteRequestUnits, formula: `${n(writeUnits)} WRU/s x ${n(SECONDS_PER_MONTH)} s / 1M x ${usd(dynamodb.millionWriteRequestUnits)}` };
  // The CDK app deploys the table on-demand (infra/cdk/data-stack.ts), so that is what is priced.
  const tableMode = 'on-demand' as const;
  const costs: CostLine[] = [
    ...(mode === 'provisioned' ? provisionedStreams : onDemandStreams),
    { service: 'Managed Flink', item: `${String(flink.length)} applications: KPU-hours`, monthlyUsd: totalKpus * HOURS_PER_MONTH * managedFlink.kpuHour, formula: `${n(totalKpus)} KPUs x ${n(HOURS_PER_MONTH)} h x ${usd(managedFlink.kpuHour)}` },
    { service: 'Managed Flink', item: 'running application storage', monthlyUsd: parallelKpus * AWS_LIMITS.managedFlink.kpuStorageGb * managedFlink.storageGbMonth, formula: `${n(parallelKpus)} KPUs x ${String(AWS_LIMITS.managedFlink.kpuStorageGb)} GB x ${usd(managedFlink.storageGbMonth)}` },
    { service: 'Lambda', item: 'enricher requests', monthlyUsd: ((invocationsPerSecond * SECONDS_PER_MONTH) / 1e6) * lambda.millionRequests, formula: `${n(featureRows)} rows/s / ${String(shape.enricherBatchSize)} per batch x ${n(SECONDS_PER_MONTH)} s / 1M x ${usd(lambda.millionRequests)} (full batches)` },
    { service: 'Lambda', item: 'enricher duration (arm64)', monthlyUsd: busyInvocations * memoryGb * SECONDS_PER_MONTH * lambda.gbSecondArm, formula: `${n(busyInvocations, 1)} busy invocations (${n(eps)} / ${n(lambdaRate.value)}) x ${n(memoryGb, 2)} GB x ${n(SECONDS_PER_MONTH)} s x ${usd(lambda.gbSecondArm)}` },
    onDemandWrites,
    { service: 'DynamoDB', item: `predictions: storage (${n(demand.predictionTtlDays)} days TTL)`, monthlyUsd: storedGb * dynamodb.storageGbMonth, formula: `${n(storedGb)} GB x ${usd(dynamodb.storageGbMonth)}` },
    { service: 'DynamoDB', item: 'predictions: point-in-time recovery', monthlyUsd: storedGb * dynamodb.pitrGbMonth, formula: `${n(storedGb)} GB x ${usd(dynamodb.pitrGbMonth)} (the CDK app enables it)` },
    { service: 'ElastiCache', item: 'serverless ECPUs', monthlyUsd: ((ecpus * SECONDS_PER_MONTH) / 1e6) * elasticache.millionEcpus, formula: `${n(ecpus)} ECPU/s x ${n(SECONDS_PER_MONTH)} s / 1M x ${usd(elasticache.millionEcpus)}` },
    { service: 'ElastiCache', item: 'serverless data stored', monthlyUsd: cacheGb * HOURS_PER_MONTH * elasticache.gbHour, formula: `${n(cacheGb, 2)} GB x ${n(HOURS_PER_MONTH)} h x ${usd(elasticache.gbHour)}` },
    {
      service: 'Fargate',
      item: `producer: ${String(tasks)} tasks (arm64)`,
      monthlyUsd: tasks * HOURS_PER_MONTH * (shape.producerTaskVcpus * fargate.vcpuHour + shape.producerTaskMemoryGb * fargate.gbHour),
      formula: `${String(tasks)} x ${n(HOURS_PER_MONTH)} h x (${String(shape.producerTaskVcpus)} vCPU x ${usd(fargate.vcpuHour)} + ${String(shape.producerTaskMemoryGb)} GB x ${usd(fargate.gbHour)})`,
    },
  ];

  return {
    demand,
    streamMode: mode,
    streams: { raw, features },
    flink,
    lambda: {
      rate: lambdaRate,
      concurrency: { value: concurrency, unit: 'concurrent invocations', formula: `ceil(${n(eps)} rows/s x ${n(headroom, 2)} / ${n(lambdaRate.value)} rows/s per invocation)` },
      parallelizationFactor: { value: factor, unit: 'batches per shard', formula: `min(${String(maxFactor)}, ceil(${String(concurrency)} / ${String(features.shards.value)} shards))` },
    },
    dynamodb: {
      mode: tableMode,
      writeUnitsPerSecond: { value: writeUnits, unit: 'WRU/s', formula: `${n(eps)} items/s x ceil(${n(demand.predictionItemBytes)} B / 1 KB)` },
      provisionedWcu: { value: wcu, unit: 'WCU', formula: `ceil(${n(writeUnits)} x ${n(headroom, 2)} headroom)` },
      partitions: { value: Math.ceil(wcu / AWS_LIMITS.dynamodb.partitionWriteUnitsPerSecond), unit: 'partitions (at least)', formula: `ceil(${n(wcu)} / ${n(AWS_LIMITS.dynamodb.partitionWriteUnitsPerSecond)} WCU per partition)` },
    },
    elasticache: { ecpusPerSecond: { value: ecpus, unit: 'ECPU/s', formula: `${n(eps)} ev/s x ${String(lookupsPerEvent)} lookups (enricher ${String(shape.enricherLookupsPerRow)} + jobs ${String(lookupsPerEvent - shape.enricherLookupsPerRow)}) x 1 ECPU (values under 1 KB)` } },
    producer: { rate: producerRate, tasks: { value: tasks, unit: `tasks of ${String(shape.producerTaskVcpus)} vCPU`, formula: `ceil(${n(eps)} docs/s x ${n(headroom, 2)} / (${n(producerRate.value)} docs/s per vCPU x ${String(shape.producerTaskVcpus)}))` } },
    costs,
    streamCosts: { provisioned: sum(provisionedStreams), onDemand: sum(onDemandStreams) },
    writeCosts: { provisioned: provisionedWrites.monthlyUsd, onDemand: onDemandWrites.monthlyUsd },
    monthlyUsd: sum(costs),
    warnings,
  };
}
