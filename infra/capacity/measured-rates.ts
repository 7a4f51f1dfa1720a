/**
 * The per-core rates the capacity model scales from, measured by this repo's benchmarks. The newest
 * results in bench/results/ win; without them, the figures README.md reports (measured on 2 cores,
 * 2026-11) are used. Every rate says where it came from, and the capacity report prints it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resultFiles } from '../../common/bench-results-folder.js';

export interface MeasuredRate {
  readonly value: number;
  readonly source: string;
}

export interface MeasuredRates {
  /** Events per second one Flink core takes, by job name without its version (`user-activity`). */
  readonly flinkEventsPerCore: Readonly<Record<string, MeasuredRate>>;
  /** Records per second one concurrent enricher invocation scores (Redis, ML call and DynamoDB included). */
  readonly enricherRecordsPerInvocation: MeasuredRate;
  /** Documents per second one producer vCPU reads from Elasticsearch and writes to Kinesis. */
  readonly producerDocsPerVcpu: MeasuredRate;
}

const README_SQL = 'README.md, npm run bench:sql (datagen -> blackhole, generated SQL, 2 cores)';

export const README_RATES: MeasuredRates = {
  flinkEventsPerCore: {
    'user-activity': { value: 11_100, source: README_SQL },
    'url-traffic': { value: 98_000, source: README_SQL },
  },
  enricherRecordsPerInvocation: { value: 2_335, source: 'README.md, npm run bench:enricher (one shard, ML call included)' },
  // 7,348 docs/s on 2 cores that Elasticsearch and the Kinesis API server shared: per vCPU, at least half.
  producerDocsPerVcpu: { value: 3_674, source: 'README.md, npm run bench:producer (ES -> kinesalite, 2 cores, halved)' },
};

const sqlResults = z.object({
  cores: z.number().int().positive(),
  datagen: z.object({ results: z.array(z.object({ job: z.string(), generatedPerSecond: z.number().positive() })) }),
});
const enricherResults = z.object({ recordsPerSecond: z.object({ oneShard: z.number().positive() }) });
const producerResults = z.object({ producerToKinesalitePerSecond: z.number().positive(), cores: z.number().int().positive().optional() });

/**
 * The newest `<name>-<time>.json` in the folder (the time sorts as text) that has the figures wanted:
 * an unreadable file, or one from a run that measured something else, gives way to the one before.
 */
function newest<T>(folder: string, name: string, schema: z.ZodType<T>): { readonly file: string; readonly data: T } | undefined {
  for (const file of resultFiles(folder, name)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    } catch {
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return { file, data: parsed.data };
  }
  return undefined;
}

/** Results written before the bench recorded its cores are taken as measured on this machine's. */
function producerRate(file: string, data: z.infer<typeof producerResults>, cores: number): MeasuredRate {
  const measuredOn = data.cores ?? cores;
  return { value: Math.round(data.producerToKinesalitePerSecond / measuredOn), source: `bench/results/${file} (per core of ${String(measuredOn)}${data.cores === undefined ? ', assumed this machine' : ''})` };
}

/** README's rates, replaced by whatever the newest results in `folder` measured. */
export function measuredRates(folder: string, cores: number): MeasuredRates {
  const flinkEventsPerCore: Record<string, MeasuredRate> = { ...README_RATES.flinkEventsPerCore };
  const sql = newest(folder, 'sql-throughput', sqlResults);
  for (const result of sql?.data.datagen.results ?? []) {
    flinkEventsPerCore[result.job] = { value: Math.round(result.generatedPerSecond / (sql?.data.cores ?? cores)), source: `bench/results/${sql?.file ?? ''}` };
  }
  const enricher = newest(folder, 'enricher', enricherResults);
  const producer = newest(folder, 'producer', producerResults);
  return {
    flinkEventsPerCore,
    enricherRecordsPerInvocation: enricher === undefined ? README_RATES.enricherRecordsPerInvocation : { value: Math.round(enricher.data.recordsPerSecond.oneShard), source: `bench/results/${enricher.file}` },
    producerDocsPerVcpu: producer === undefined ? README_RATES.producerDocsPerVcpu : producerRate(producer.file, producer.data, cores),
  };
}
