/**
 * The per-core rates the capacity model scales from, measured by this repo's benchmarks. The newest
 * results in bench/results/ (this machine's runs, git-ignored) win; without them, the rates the last
 * `npm run bench` recorded in recorded-rates.json. Every rate says where it came from, and the capacity
 * report prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resultFiles } from '../../common/bench-results-folder.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { formatZodIssues } from '../../common/zod-issues.js';
import { InfraError } from '../infra-error.js';

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

/**
 * The rates `npm run bench` recorded last, committed so that a fresh clone sizes from measured figures before any
 * bench has run on it; `npm run bench` rewrites the file from its own results (bench/bench-all.ts).
 */
export const RECORDED_RATES_FILE = join(REPO_ROOT, 'infra/capacity/recorded-rates.json');

const measuredRate = z.object({ value: z.number().positive(), source: z.string().min(1) });
const recordedRatesSchema = z.object({ flinkEventsPerCore: z.record(z.string(), measuredRate), enricherRecordsPerInvocation: measuredRate, producerDocsPerVcpu: measuredRate });

/** The recorded rates; an error naming the file when it is missing or not of the shape above. */
export function readRecordedRates(file = RECORDED_RATES_FILE): MeasuredRates {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InfraError(`cannot read the recorded bench rates ${file}: ${error instanceof Error ? error.message : String(error)} (npm run bench writes it)`);
  }
  const parsed = recordedRatesSchema.safeParse(json);
  if (!parsed.success) throw new InfraError(`the recorded bench rates ${file} are not valid: ${formatZodIssues(parsed.error.issues)} (npm run bench rewrites it)`);
  return parsed.data;
}

export function writeRecordedRates(rates: MeasuredRates, file = RECORDED_RATES_FILE): void {
  writeFileSync(file, `${JSON.stringify(rates, null, 2)}\n`);
}

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

/** The recorded rates, replaced by whatever the newest results in `folder` measured. */
export function measuredRates(folder: string, cores: number, recorded: MeasuredRates = readRecordedRates()): MeasuredRates {
  const flinkEventsPerCore: Record<string, MeasuredRate> = { ...recorded.flinkEventsPerCore };
  const sql = newest(folder, 'sql-throughput', sqlResults);
  for (const result of sql?.data.datagen.results ?? []) {
    flinkEventsPerCore[result.job] = { value: Math.round(result.generatedPerSecond / (sql?.data.cores ?? cores)), source: `bench/results/${sql?.file ?? ''}` };
  }
  const enricher = newest(folder, 'enricher', enricherResults);
  const producer = newest(folder, 'producer', producerResults);
  return {
    flinkEventsPerCore,
    enricherRecordsPerInvocation: enricher === undefined ? recorded.enricherRecordsPerInvocation : { value: Math.round(enricher.data.recordsPerSecond.oneShard), source: `bench/results/${enricher.file}` },
    producerDocsPerVcpu: producer === undefined ? recorded.producerDocsPerVcpu : producerRate(producer.file, producer.data, cores),
  };
}
