/**
 * npm run bench:sql [-- --path datagen|kinesis|both --rows 2000000 --kinesis-rows 10000]
 *
 * Throughput of compiled jobs against the same queries written by hand (bench/handwritten/), on the
 * same embedded Flink (the runner jar) and the same generated input, over two paths:
 * - datagen: Flink's datagen source (clicks with 4,096 users and 256 pages, one event per millisecond
 *   of event time) into a blackhole sink, so only the query is measured;
 * - kinesis: a raw stream of the local Kinesis API, filled beforehand with the same kind of clicks,
 *   into a features stream (bench/sql-throughput-kinesis.ts), so the connectors are in it too.
 * On the datagen path each script runs with a small and a large input; the rate is (large - small)
 * rows / (large - small) seconds, which cancels JVM start and job setup. The Kinesis path compares
 * run times (see its file for why).
 * Results: a table on stdout and bench/results/sql-throughput-<time>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRunnerJar } from '../runner/runner-jar.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import { compileJob } from '../sql/compiler/compile-job.js';
import type { CompileTarget } from '../sql/compiler/compile-target.js';
import { jobIdentity } from '../sql/compiler/job-identity.js';
import { BENCH_CASES, benchScript, marginalRate, type SqlVariant } from './sql-bench-cases.js';
import { kinesisThroughput } from './sql-throughput-kinesis.js';

const PATHS = ['datagen', 'kinesis', 'both'] as const;
type BenchPath = (typeof PATHS)[number];

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: 'both' },
    rows: { type: 'string', default: '2000000' },
    'kinesis-rows': { type: 'string', default: '10000' },
  },
});

function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 10) throw new Error(`--${flag} must be a whole number of at least 10, got '${value}'`);
  return parsed;
}

function benchPath(value: string): BenchPath {
  const path = PATHS.find((candidate) => candidate === value);
  if (path === undefined) throw new Error(`--path must be one of ${PATHS.join(', ')}, got '${value}'`);
  return path;
}

const EPOCH = Date.parse('2026-11-23T00:00:00Z');

/** Generated clicks in, nothing out: the source and sink tables of the datagen path. */
function datagenTarget(rows: number): CompileTarget {
  return {
    name: 'local',
    settings: [],
    sourceOptions: () => [
      ['connector', 'datagen'],
      ['rows-per-second', '1000000000'],
      ['fields.ts.kind', 'sequence'],
      ['fields.ts.start', String(EPOCH)],
      ['fields.ts.end', String(EPOCH + rows - 1)],
      ['fields.user_id.length', '3'],
      ['fields.url.length', '2'],
      ['fields.event_type.length', '1'],
      ['fields.event_id.length', '16'],
      ['fields.price.min', '1'],
      ['fields.price.max', '100'],
    ],
    sinkOptions: () => [['connector', 'blackhole']],
    dataLakeOptions: () => [['connector', 'blackhole']],
    dataLakeFolder: () => 'blackhole',
    referenceOptions: (table) => {
      throw new Error(`the SQL bench has no reference data (table ${table.name})`);
    },
  };
}

function runSeconds(jar: string, file: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync('java', ['-jar', jar, 'run', file], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${file} failed (exit ${String(result.status)}):\n${(result.stderr || result.stdout).slice(-2000)}`);
  return seconds;
}

interface ThroughputRow {
  readonly job: string;
  readonly handWrittenPerSecond: number;
  readonly generatedPerSecond: number;
  readonly ratio: number;
}

function datagenThroughput(rows: { readonly small: number; readonly large: number }): ThroughputRow[] {
  const jar = ensureRunnerJar();
  const folder = mkdtempSync(join(tmpdir(), 'sql-bench-'));
  const results: ThroughputRow[] = [];
  for (const benchCase of BENCH_CASES) {
    const rates: Record<SqlVariant, number> = { generated: Number.NaN, 'hand-written': Number.NaN };
    for (const variant of ['hand-written', 'generated'] as const) {
      const seconds = { small: 0, large: 0 };
      for (const size of ['small', 'large'] as const) {
        const file = join(folder, `${benchCase.name}.${variant}.${rows[size]}.sql`);
        const compiled = compileJob(benchCase.job, jobIdentity(`jobs/${benchCase.name}.ts`, 'v1'), datagenTarget(rows[size])).sql;
        writeFileSync(file, benchScript(benchCase, variant, compiled));
        seconds[size] = runSeconds(jar, file);
        console.log(`  ${benchCase.name} ${variant} ${rows[size]} rows: ${seconds[size].toFixed(1)} s`);
      }
      rates[variant] = marginalRate(rows, seconds);
    }
    results.push({ job: benchCase.name, handWrittenPerSecond: rates['hand-written'], generatedPerSecond: rates.generated, ratio: rates.generated / rates['hand-written'] });
  }
  return results;
}

function printTable(title: string, rows: readonly ThroughputRow[], cores: number): void {
  console.log(`\n${title}`);
  console.log('| job | hand-written ev/s | generated ev/s | generated / hand-written | generated ev/s per core |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.job} | ${Math.round(row.handWrittenPerSecond)} | ${Math.round(row.generatedPerSecond)} | ${row.ratio.toFixed(2)}x | ${Math.round(row.generatedPerSecond / cores)} |`,
    );
  }
}

async function main(): Promise<void> {
  const path = benchPath(values.path);
  const datagenLarge = positiveInteger('rows', values.rows);
  const kinesisLarge = positiveInteger('kinesis-rows', values['kinesis-rows']);
  const datagenRows = { small: Math.round(datagenLarge / 5), large: datagenLarge };
  const cores = availableParallelism();
  const report: Record<string, unknown> = { cores };
  if (path !== 'kinesis') {
    console.log(`SQL throughput, datagen -> blackhole: ${datagenRows.small} and ${datagenRows.large} rows per script, ${cores} cores`);
    const results = datagenThroughput(datagenRows);
    printTable('datagen -> blackhole (the query alone):', results, cores);
    report.datagen = { rows: datagenRows, results };
  }
  if (path !== 'datagen') {
    console.log(`\nSQL throughput, Kinesis -> Kinesis (local Kinesis API): ${kinesisLarge} clicks per script, ${cores} cores`);
    const result = await kinesisThroughput(kinesisLarge, (line) => {
      console.log(line);
    });
    console.log('\nKinesis -> Kinesis, runner start to last expected row (JVM start included; connectors, JSON and kinesalite in the loop):');
    console.log('| job | clicks | hand-written s | generated s | hand-written / generated time | generated clicks/s end to end | kinesalite PutRecords rec/s (ceiling) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const run of result.runs) {
      console.log(
        `| ${run.job} | ${run.rows} | ${run.handWrittenSeconds.toFixed(1)} | ${run.generatedSeconds.toFixed(1)} | ${run.ratio.toFixed(2)}x | ${Math.round(run.rows / run.generatedSeconds)} | ${Math.round(result.kinesisPutRate)} |`,
      );
    }
    report.kinesis = result;
  }
  const out = join(REPO_ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `sql-throughput-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
