/**
 * npm run bench:sql [-- --path datagen|kinesis|both --rows 2000000 --runs 3 --cases url-traffic,math --kinesis-rows 10000]
 *
 * Throughput of compiled jobs against the same queries written by hand (bench/handwritten/), on the
 * same embedded Flink (the runner jar) and the same generated input, over two paths:
 * - datagen: Flink's datagen source (clicks with 4,096 users and 256 pages, one event per millisecond
 *   of event time) into a blackhole sink, so only the query is measured;
 * - kinesis: a raw stream of the local Kinesis API, filled beforehand with the same kind of clicks,
 *   into a features stream (bench/sql-throughput-kinesis.ts), so the connectors are in it too.
 * On the datagen path each script runs with a small and a large input; the rate is (large - small)
 * rows / (large - small) seconds, which cancels JVM start and job setup; each case's rate is the
 * median of `--runs` such rates per variant, the variants taking turns so that load from elsewhere
 * on the machine falls on both. The cases are in bench/sql-bench-cases.ts; `--cases` picks some. The
 * Kinesis path compares run times of url-traffic and user-activity (see its file for why).
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
import { benchScript, marginalRate, median, selectCases, type BenchCase, type SqlVariant } from './sql-bench-cases.js';
import { kinesisThroughput } from './sql-throughput-kinesis.js';

const PATHS = ['datagen', 'kinesis', 'both'] as const;
type BenchPath = (typeof PATHS)[number];

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: 'both' },
    rows: { type: 'string', default: '2000000' },
    runs: { type: 'string', default: '3' },
    cases: { type: 'string' },
    'kinesis-rows': { type: 'string', default: '10000' },
  },
});

function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 10) throw new Error(`--${flag} must be a whole number of at least 10, got '${value}'`);
  return parsed;
}

function runCount(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--runs must be a whole number of at least 1, got '${value}'`);
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
  readonly covers: string;
  readonly handWrittenPerSecond: number;
  readonly generatedPerSecond: number;
  readonly ratio: number;
  /** Every run's rate, in run order: the medians above come from these. */
  readonly runs: Readonly<Record<SqlVariant, readonly number[]>>;
}

function datagenThroughput(cases: readonly BenchCase[], rows: { readonly small: number; readonly large: number }, runs: number): ThroughputRow[] {
  const jar = ensureRunnerJar();
  const folder = mkdtempSync(join(tmpdir(), 'sql-bench-'));
  const results: ThroughputRow[] = [];
  for (const benchCase of cases) {
    const files: Record<SqlVariant, { small: string; large: string }> = { generated: { small: '', large: '' }, 'hand-written': { small: '', large: '' } };
    for (const variant of ['hand-written', 'generated'] as const) {
      for (const size of ['small', 'large'] as const) {
        const file = join(folder, `${benchCase.name}.${variant}.${rows[size]}.sql`);
        const compiled = compileJob(benchCase.job, jobIdentity(`jobs/${benchCase.name}.ts`, 'v1'), datagenTarget(rows[size])).sql;
        writeFileSync(file, benchScript(benchCase, variant, compiled));
        files[variant][size] = file;
      }
    }
    const rates: Record<SqlVariant, number[]> = { generated: [], 'hand-written': [] };
    for (let run = 1; run <= runs; run++) {
      // Alternate which variant goes first, so a slow spell on the machine does not always hit the same one.
      const order = run % 2 === 1 ? (['hand-written', 'generated'] as const) : (['generated', 'hand-written'] as const);
      for (const variant of order) {
        const seconds = { small: runSeconds(jar, files[variant].small), large: runSeconds(jar, files[variant].large) };
        const rate = marginalRate(rows, seconds);
        rates[variant].push(rate);
        console.log(`  ${benchCase.name} ${variant} run ${run}: ${seconds.small.toFixed(1)} s / ${seconds.large.toFixed(1)} s -> ${Math.round(rate)} ev/s`);
      }
    }
    const handWritten = median(rates['hand-written']);
    const generated = median(rates.generated);
    results.push({ job: benchCase.name, covers: benchCase.covers, handWrittenPerSecond: handWritten, generatedPerSecond: generated, ratio: generated / handWritten, runs: rates });
  }
  return results;
}

function printTable(title: string, rows: readonly ThroughputRow[], cores: number): void {
  console.log(`\n${title}`);
  console.log('| case | covers | hand-written ev/s | generated ev/s | generated / hand-written | generated ev/s per core |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.job} | ${row.covers} | ${Math.round(row.handWrittenPerSecond)} | ${Math.round(row.generatedPerSecond)} | ${row.ratio.toFixed(2)}x | ${Math.round(row.generatedPerSecond / cores)} |`,
    );
  }
}

async function main(): Promise<void> {
  const path = benchPath(values.path);
  const datagenLarge = positiveInteger('rows', values.rows);
  const kinesisLarge = positiveInteger('kinesis-rows', values['kinesis-rows']);
  const runs = runCount(values.runs);
  const cases = selectCases(values.cases);
  const datagenRows = { small: Math.round(datagenLarge / 5), large: datagenLarge };
  const cores = availableParallelism();
  const report: Record<string, unknown> = { cores };
  if (path !== 'kinesis') {
    console.log(`SQL throughput, datagen -> blackhole: ${datagenRows.small} and ${datagenRows.large} rows per script, median of ${runs} runs, ${cores} cores`);
    const results = datagenThroughput(cases, datagenRows, runs);
    printTable(`datagen -> blackhole (the query alone; median of ${runs} runs):`, results, cores);
    report.datagen = { rows: datagenRows, runs, results };
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
