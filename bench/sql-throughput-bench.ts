/**
 * npm run bench:sql [-- --rows 2000000]
 *
 * Throughput of compiled jobs against the same queries written by hand, on the same embedded Flink
 * (the runner jar) and the same generated input: Flink's datagen source (clicks with 4,096 users and
 * 256 pages, one event per millisecond of event time) into a blackhole sink, so neither Kinesis nor
 * the machine's network is measured. Each script runs with a small and a large row count; the rate is
 * (large - small) rows / (large - small) seconds, which cancels JVM start and job setup.
 * Results: a table on stdout and bench/results/sql-throughput-<time>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { v1 as urlTraffic } from '../jobs/url-traffic.js';
import { v1 as userActivity } from '../jobs/user-activity.js';
import { ensureRunnerJar } from '../local/flink-runner/runner-jar.js';
import { REPO_ROOT } from '../local/services/cache-paths.js';
import { compileJob } from '../sql/compiler/compile-job.js';
import type { CompileTarget } from '../sql/compiler/compile-target.js';
import { jobIdentity } from '../sql/compiler/job-identity.js';
import type { Job } from '../sql/dsl/job-kinds.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '2000000' } } });
const LARGE = Number(values.rows);
const SMALL = Math.round(LARGE / 5);
const EPOCH = Date.parse('2026-11-23T00:00:00Z');

/** Generated clicks in, nothing out: the source and sink tables of the bench. */
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
    referenceOptions: (table) => {
      throw new Error(`the SQL bench has no reference data (table ${table.name})`);
    },
  };
}

interface Case {
  readonly name: string;
  readonly job: Job;
}

const CASES: readonly Case[] = [
  { name: 'url-traffic', job: urlTraffic },
  { name: 'user-activity', job: userActivity },
];

/** The compiled script, or the same script with the hand-written INSERT in its statement set. */
function script(testCase: Case, variant: 'generated' | 'hand-written', rows: number): string {
  const compiled = compileJob(testCase.job, jobIdentity(`jobs/${testCase.name}.ts`, 'v1'), datagenTarget(rows)).sql;
  if (variant === 'generated') return compiled;
  // Flink's parser rejects a comment inside EXECUTE STATEMENT SET; the files' comments are for readers.
  const insert = readFileSync(join(REPO_ROOT, 'bench/handwritten', `${testCase.name}.sql`), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n');
  const start = compiled.indexOf('EXECUTE STATEMENT SET');
  return `${compiled.slice(0, start)}EXECUTE STATEMENT SET\nBEGIN\n${insert.trim()}\nEND;\n`;
}

function runSeconds(jar: string, file: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync('java', ['-jar', jar, 'run', file], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${file} failed (exit ${String(result.status)}):\n${(result.stderr || result.stdout).slice(-2000)}`);
  return seconds;
}

function main(): void {
  const jar = ensureRunnerJar();
  const folder = mkdtempSync(join(tmpdir(), 'sql-bench-'));
  const cores = availableParallelism();
  console.log(`SQL throughput: datagen -> blackhole, ${SMALL} and ${LARGE} rows per script, ${cores} cores`);
  const results = [];
  for (const testCase of CASES) {
    const rates: Record<string, number> = {};
    for (const variant of ['hand-written', 'generated'] as const) {
      const seconds: number[] = [];
      for (const rows of [SMALL, LARGE]) {
        const file = join(folder, `${testCase.name}.${variant}.${rows}.sql`);
        writeFileSync(file, script(testCase, variant, rows));
        seconds.push(runSeconds(jar, file));
        console.log(`  ${testCase.name} ${variant} ${rows} rows: ${(seconds.at(-1) ?? 0).toFixed(1)} s`);
      }
      const [small = 0, large = 0] = seconds;
      rates[variant] = (LARGE - SMALL) / (large - small);
    }
    const handWritten = rates['hand-written'] ?? Number.NaN;
    const generated = rates.generated ?? Number.NaN;
    results.push({ job: testCase.name, handWrittenPerSecond: handWritten, generatedPerSecond: generated, ratio: generated / handWritten, cores });
  }
  console.log('\n| job | hand-written ev/s | generated ev/s | generated / hand-written | generated ev/s per core |');
  console.log('|---|---|---|---|---|');
  for (const row of results) {
    console.log(
      `| ${row.job} | ${Math.round(row.handWrittenPerSecond)} | ${Math.round(row.generatedPerSecond)} | ${row.ratio.toFixed(2)}x | ${Math.round(row.generatedPerSecond / cores)} |`,
    );
  }
  const out = join(REPO_ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `sql-throughput-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ rows: { small: SMALL, large: LARGE }, results }, null, 2));
  console.log(`\nresults: ${file}`);
}

main();
