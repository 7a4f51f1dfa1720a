import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AWS_PRICES } from '../../../infra/capacity/aws-prices.js';
import { planCapacity, type Demand, type JobProfile, type PipelineShape } from '../../../infra/capacity/capacity-plan.js';
import { measuredRates, readRecordedRates, writeRecordedRates, type MeasuredRates } from '../../../infra/capacity/measured-rates.js';

const RATES: MeasuredRates = {
  flinkEventsPerCore: { 'user-activity': { value: 10_000, source: 'test' }, 'url-traffic': { value: 100_000, source: 'test' } },
  enricherRecordsPerInvocation: { value: 2_000, source: 'test' },
  producerDocsPerVcpu: { value: 4_000, source: 'test' },
};

function job(name: string, overrides: Partial<JobProfile> = {}): JobProfile {
  return { name, type: 'event-features', sourceStream: 'raw', sinkStream: 'features', declaredParallelism: 1, autoscaling: false, redisLookupsPerEvent: 0, ...overrides };
}

const SHAPE: PipelineShape = {
  jobs: [job('user-activity.v1', { declaredParallelism: 8 }), job('url-traffic.v1', { type: 'windowed-aggregation' }), job('click-context.v1', { redisLookupsPerEvent: 1 }), job('click-dedupe.v1', { type: 'dedupe', sinkStream: 'clicks-deduped' })],
  rawStream: 'raw',
  featuresStream: 'features',
  enricherLookupsPerRow: 2,
  enricherBatchSize: 100,
  enricherMemoryMb: 512,
  referenceDataGb: 0.001,
  producerTaskVcpus: 1,
  producerTaskMemoryGb: 2,
};

const DEMAND: Demand = { eventsPerSecond: 50_000, rawRecordBytes: 334, featureRowBytes: 332, predictionItemBytes: 889, headroom: 1.5, predictionTtlDays: 30 };

describe('planCapacity', () => {
  it('sizes a stream by records per second when records are small, by bytes when they are large', () => {
    // Act
    const small = planCapacity(DEMAND, SHAPE, RATES, DEFAULT_AWS_PRICES);
    const large = planCapacity({ ...DEMAND, eventsPerSecond: 2_000, rawRecordBytes: 5_000 }, SHAPE, RATES, DEFAULT_AWS_PRICES);

    // Assess: 50,000 / 1,000 per shard x 1.5; 2,000 x 5,000 B = 9.54 MiB/s, x 1.5 = 14.3.
    expect(small.streams.raw.shards.value).toBe(75);
    expect(large.streams.raw.shards.value).toBe(15);
    expect(large.streams.raw.shards.formula).toBe('ceil(max(2,000 rec/s / 1,000, 2,000 x 5,000 B / 1 MiB) x 1.5 headroom)');
  });

  it('gives the features stream one row per event per per-event job, and every raw reader its own fan-out', () => {
    // Act
    const plan = planCapacity(DEMAND, SHAPE, RATES, DEFAULT_AWS_PRICES);

    // Assess: user-activity and click-context write per event; url-traffic is windowed; click-dedupe writes elsewhere.
    expect(plan.streams.features.recordsPerSecond).toBe(100_000);
    expect(plan.streams.raw.efoConsumers).toBe(4);
    expect(plan.warnings).toContain('click-dedupe.v1 writes stream clicks-deduped, which this model neither sizes nor prices');
    expect(plan.warnings).toContainEqual(expect.stringContaining('the 1 windowed jobs (url-traffic.v1)'));
  });

  it("sizes each Flink job from its measured rate, an unmeasured one from the slowest, and says where a job's declared parallelism is short", () => {
    // Act
    const plan = planCapacity(DEMAND, SHAPE, RATES, DEFAULT_AWS_PRICES);
    const byJob = new Map(plan.flink.map((entry) => [entry.job, entry]));

    // Assess: 75,000 ev/s at peak over 10,000 and 100,000 per core.
    expect(byJob.get('user-activity.v1')?.parallelism.value).toBe(8);
    expect(byJob.get('user-activity.v1')?.kpus.value).toBe(9);
    expect(byJob.get('url-traffic.v1')?.parallelism.value).toBe(1);
    expect(byJob.get('click-context.v1')?.rate).toMatchObject({ value: 10_000, measuredFor: 'user-activity' });
    expect(plan.warnings).toContain("click-context.v1: not benchmarked; sized at user-activity's rate, the slowest measured");
    expect(plan.warnings).toContain('click-context.v1: declares parallelism 1 without autoscaling; 50,000 events/s need 8');
    expect(plan.warnings.filter((warning) => warning.startsWith('user-activity.v1: declares'))).toEqual([]);
  });

  it('adds features shards when the enricher needs more concurrent batches than 10 per shard give', () => {
    // Prepare: a slow enricher, 100 rows/s per invocation: 750 concurrent batches at peak.
    const slow = { ...RATES, enricherRecordsPerInvocation: { value: 100, source: 'test' } };

    // Act
    const plan = planCapacity(DEMAND, SHAPE, slow, DEFAULT_AWS_PRICES);

    // Assess: 100,000 rows/s need 150 shards by records; 750 batches need 75 at 10 each: records bind.
    expect(plan.lambda.concurrency.value).toBe(750);
    expect(plan.streams.features.shards.value).toBe(150);
    expect(plan.lambda.parallelizationFactor.value).toBe(5);

    // Act: slower still, 10 rows/s: 7,500 batches need 750 shards.
    const slower = planCapacity(DEMAND, SHAPE, { ...RATES, enricherRecordsPerInvocation: { value: 10, source: 'test' } }, DEFAULT_AWS_PRICES);

    // Assess
    expect(slower.streams.features.shards.value).toBe(750);
    expect(slower.lambda.parallelizationFactor.value).toBe(10);
    expect(slower.warnings).toContain('features stream raised from 150 to 750 shards: the enricher needs 7500 concurrent batches and a shard gives at most 10');
    expect(slower.warnings).toContainEqual(expect.stringContaining("over the account's default 1000"));
  });

  it('counts write units per whole KB of item, warns past the table quota, and prices the table on-demand as deployed', () => {
    // Act
    const plan = planCapacity({ ...DEMAND, predictionItemBytes: 1_500 }, SHAPE, RATES, DEFAULT_AWS_PRICES);

    // Assess
    expect(plan.dynamodb.writeUnitsPerSecond.value).toBe(100_000);
    expect(plan.dynamodb.provisionedWcu.value).toBe(150_000);
    expect(plan.dynamodb.partitions.value).toBe(150);
    expect(plan.warnings).toContainEqual(expect.stringContaining('over the default 40,000 per table'));
    expect(plan.dynamodb.mode).toBe('on-demand');
    expect(plan.costs.find((cost) => cost.item === 'predictions: on-demand writes')?.monthlyUsd).toBeCloseTo(100_000 * 730 * 3_600 / 1e6 * 0.625, 6);
    // Steady load: provisioned for the peak would be cheaper (0.00065 x 730 x 1.5 per WRU/s vs 0.625 x 2.628).
    expect(plan.writeCosts.provisioned).toBeLessThan(plan.writeCosts.onDemand);
    // Stored: the item plus 100 bytes of overhead, for the TTL, and point-in-time recovery on the same size.
    const storedGb = (50_000 * 86_400 * 30 * 1_600) / 1_024 ** 3;
    expect(plan.costs.find((cost) => cost.item === 'predictions: storage (30 days TTL)')?.monthlyUsd).toBeCloseTo(storedGb * 0.25, 6);
    expect(plan.costs.find((cost) => cost.item === 'predictions: point-in-time recovery')?.monthlyUsd).toBeCloseTo(storedGb * 0.2, 6);
  });

  it('prices each line from its formula', () => {
    // Act
    const plan = planCapacity(DEMAND, SHAPE, RATES, DEFAULT_AWS_PRICES, 'provisioned');
    const line = (item: string) => plan.costs.find((cost) => cost.item === item);

    // Assess
    expect(line('raw: shard-hours')).toMatchObject({ monthlyUsd: 75 * 730 * 0.015, formula: '75 shards x 730 h x $0.015' });
    // ECPUs: the enricher's 2 lookups and click-context's 1 per event.
    expect(plan.elasticache.ecpusPerSecond.value).toBe(150_000);
    // 75,000 docs/s at peak over 4,000 per vCPU.
    expect(plan.producer.tasks.value).toBe(19);
  });

  it('on-demand streams cost a stream-hour plus every ingested GB, records rounded up to a KB', () => {
    // Act
    const plan = planCapacity({ ...DEMAND, eventsPerSecond: 1_000 }, SHAPE, RATES, DEFAULT_AWS_PRICES, 'on-demand');
    const ingested = plan.costs.find((cost) => cost.item === 'raw: data ingested (on-demand)');

    // Assess: 1,000 records/s of 334 B bill as 1 KB each.
    expect(ingested?.monthlyUsd).toBeCloseTo(((1_000 * 1_024 * 730 * 3_600) / 1_024 ** 3) * 0.08, 6);
    expect(plan.streamMode).toBe('on-demand');
  });

  it('refuses a demand it cannot size, naming every problem', () => {
    // Act / Assess
    expect(() => planCapacity({ ...DEMAND, eventsPerSecond: 0, headroom: 0.5, rawRecordBytes: 2_000_000 }, SHAPE, RATES, DEFAULT_AWS_PRICES)).toThrow(
      'eventsPerSecond must be a number > 0 (got 0); rawRecordBytes 2,000,000 is over Kinesis\'s 1 MiB record limit; headroom must be >= 1 (got 0.5): it multiplies the average rate',
    );
  });
});

describe('measuredRates', () => {
  it('takes the newest bench results over the recorded rates, per core of the machine that measured', () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'capacity-rates-'));
    const sql = (rate: number) => JSON.stringify({ cores: 4, datagen: { results: [{ job: 'user-activity', generatedPerSecond: rate }] } });
    writeFileSync(join(folder, 'sql-throughput-2026-11-01T00-00-00-000Z.json'), sql(40_000));
    writeFileSync(join(folder, 'sql-throughput-2026-11-20T00-00-00-000Z.json'), sql(48_000));
    writeFileSync(join(folder, 'enricher-2026-11-20T00-00-00-000Z.json'), JSON.stringify({ recordsPerSecond: { oneShard: 1_234.5 } }));
    writeFileSync(join(folder, 'producer-2026-11-20T00-00-00-000Z.json'), JSON.stringify({ producerToKinesalitePerSecond: 8_000, cores: 4 }));
    // Newer, but useless: a Kinesis-path-only SQL run and a truncated file give way to the ones before.
    writeFileSync(join(folder, 'sql-throughput-2026-11-21T00-00-00-000Z.json'), JSON.stringify({ cores: 2, kinesis: {} }));
    writeFileSync(join(folder, 'enricher-2026-11-21T00-00-00-000Z.json'), '{"recordsPerSecond": {');

    // Act
    const rates = measuredRates(folder, 2);

    // Assess
    expect(rates.flinkEventsPerCore['user-activity']).toEqual({ value: 12_000, source: 'bench/results/sql-throughput-2026-11-20T00-00-00-000Z.json' });
    expect(rates.flinkEventsPerCore['url-traffic']).toEqual(readRecordedRates().flinkEventsPerCore['url-traffic']);
    expect(rates.enricherRecordsPerInvocation).toEqual({ value: 1_235, source: 'bench/results/enricher-2026-11-20T00-00-00-000Z.json' });
    // Measured on 4 cores, read on 2: divided by the 4.
    expect(rates.producerDocsPerVcpu).toEqual({ value: 2_000, source: 'bench/results/producer-2026-11-20T00-00-00-000Z.json (per core of 4)' });
  });

  it('falls back to the recorded rates without a results folder; what npm run bench records reads back the same', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'recorded-rates-')), 'recorded-rates.json');

    // Act
    const fallback = measuredRates(join(tmpdir(), 'no-such-folder-for-capacity'), 2);
    writeRecordedRates(fallback, file);

    // Assess
    expect(fallback).toEqual(readRecordedRates());
    expect(fallback.flinkEventsPerCore['user-activity']?.value).toBeGreaterThan(0);
    expect(readRecordedRates(file)).toEqual(fallback);
  });

  it('refuses a recorded-rates file that is not of its shape, naming the file and the field', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'recorded-rates-')), 'recorded-rates.json');
    writeFileSync(file, JSON.stringify({ flinkEventsPerCore: {}, enricherRecordsPerInvocation: { value: -1, source: 'x' } }));

    // Act
    const attempt = () => readRecordedRates(file);

    // Assess
    expect(attempt).toThrow(new RegExp(`recorded bench rates ${file} are not valid: enricherRecordsPerInvocation.value: .*producerDocsPerVcpu: `));
  });
});
