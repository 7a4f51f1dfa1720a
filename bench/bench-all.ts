/**
 * npm run bench [-- --parts runner,sql,producer,model,enricher,job-tests,pipeline] [--rates 100,200,400] [--seconds 40] [--search-steps 2]
 *
 * Every benchmark in one run, each against the baseline it measures in the same run, then the whole
 * pipeline (`npm start`'s) at fixed rates and a search for the highest rate it sustains. Prints one
 * table and writes bench/results/bench-<time>.json with every part's results. The parts run one after
 * another, each as its own `npm run bench:<part>`, so none disturbs another's measurement.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { FEATURE_SET } from '../enricher/feature-row.js';
import { parseCliOptions } from '../common/cli-options.js';
import { runPipeline } from '../local/pipeline/pipeline-run.js';
import { progressLine } from '../local/pipeline/run-summary.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import { runCli } from '../common/cli-runner.js';
import { startServices } from '../local/services/service-manager.js';
import { SERVICE_NAMES } from '../local/services/service-types.js';
import { BENCH_RESULTS_DIR } from '../common/bench-results-folder.js';
import { measuredRates, RECORDED_RATES_FILE, writeRecordedRates } from '../infra/capacity/measured-rates.js';
import { resultFiles, writeResults } from './bench-results.js';
import { headlinesOf, judgeRun, type Headline, type RateRun } from './bench-summary.js';

/** Each part: its npm script, the arguments the umbrella gives it, and the prefix of its results file. */
const PARTS = {
  runner: { script: 'bench:runner', args: [], results: 'runner-latency' },
  sql: { script: 'bench:sql', args: ['--path', 'datagen'], results: 'sql-throughput' },
  producer: { script: 'bench:producer', args: [], results: 'producer' },
  model: { script: 'bench:model', args: [], results: 'model' },
  enricher: { script: 'bench:enricher', args: [], results: 'enricher' },
  'job-tests': { script: 'bench:job-tests', args: [], results: 'job-tests' },
} as const;
type PartName = keyof typeof PARTS;
const ALL = [...Object.keys(PARTS), 'pipeline'];

const USAGE = `usage: npm run bench [-- options]

  --parts a,b,...       which to run (default all): ${ALL.join(', ')}
  --rates r1,r2,...     pipeline runs at these events/s (default 100,200,400)
  --seconds N           events generated per pipeline run = rate x N (default 40)
  --search-steps N      after the fixed rates, try 1.5x the highest sustained rate up to N times (default 2)`;

const list = (text: string): string[] => text.split(',').map((part) => part.trim()).filter((part) => part !== '');
const optionsSchema = z.object({
  parts: z
    .string()
    .default(ALL.join(','))
    .transform(list)
    .refine((parts) => parts.every((part) => ALL.includes(part)), { message: `known parts: ${ALL.join(', ')}` }),
  rates: z
    .string()
    .default('100,200,400')
    .transform((text) => list(text).map(Number))
    .refine((rates) => rates.length > 0 && rates.every((rate) => Number.isFinite(rate) && rate > 0), { message: 'a comma-separated list of events/s > 0' }),
  seconds: z.string().default('40').transform(Number).pipe(z.number({ error: 'must be a number' }).int('must be a whole number').min(5, 'must be >= 5')),
  'search-steps': z.string().default('2').transform(Number).pipe(z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be >= 0')),
});

/** The newest results file of a part written since `since` (ms); undefined if there is none. */
function resultsSince(prefix: string, since: number): string | undefined {
  const folder = join(REPO_ROOT, 'bench/results');
  return resultFiles(folder, prefix).find((file) => statSync(join(folder, file)).mtimeMs >= since);
}

/** Runs one part's bench; whatever goes wrong is recorded for the table, and the other parts still run. */
function runPart(name: PartName): { readonly file?: string; readonly headlines: Headline[]; readonly data?: unknown; readonly error?: string } {
  const part = PARTS[name];
  console.log(`\n=== ${name}: npm run ${part.script}${part.args.length > 0 ? ` -- ${part.args.join(' ')}` : ''}`);
  const started = Date.now();
  const run = spawnSync('npm', ['run', '--silent', part.script, ...(part.args.length > 0 ? ['--', ...part.args] : [])], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (run.status !== 0) return { headlines: [], error: `npm run ${part.script} exited with ${String(run.status ?? run.signal)}` };
  const found = resultsSince(part.results, started);
  if (found === undefined) return { headlines: [], error: `npm run ${part.script} wrote no bench/results/${part.results}-*.json` };
  const file = `bench/results/${found}`;
  try {
    const data = JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as unknown;
    return { file, data, headlines: headlinesOf(name, data) };
  } catch (error) {
    return { file, headlines: [], error: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function pipelineRuns(rates: readonly number[], seconds: number, searchSteps: number): Promise<{ runs: RateRun[]; maxSustained: number | undefined }> {
  const say = (line: string): void => {
    console.log(`[bench] ${line}`);
  };
  const services = await startServices({ services: SERVICE_NAMES, log: (line) => { say(`services: ${line}`); } });
  const runs: RateRun[] = [];
  const runAt = async (rate: number): Promise<RateRun> => {
    try {
      return await measureAt(rate);
    } catch (error) {
      // A rate the machine cannot take may fail the run outright (Elasticsearch refusing documents):
      // that rate was not sustained; the table and results are still written.
      const why = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
      say(`  ${String(rate)} events/s failed: ${why}`);
      const failed: RateRun = { ratePerSecond: rate, events: Math.round(rate * seconds), outcome: 'incomplete', drainSeconds: 0, endToEnd: undefined, hopsP50: {}, sustained: false, why: `run failed: ${why}` };
      runs.push(failed);
      return failed;
    }
  };
  const measureAt = async (rate: number): Promise<RateRun> => {
    const runId = `bench-${String(rate)}-${Date.now().toString(36)}`;
    say(`pipeline at ${String(rate)} events/s for ${String(seconds)} s (${String(rate * seconds)} events)`);
    let printed = 0;
    const run = await runPipeline(services.endpoints, {
      events: Math.round(rate * seconds),
      ratePerSecond: rate,
      // The scored job alone: the rates measure the path an event takes to a prediction (with every
      // job in jobs/ on the same 2 cores the pipeline keeps up with about half as much, README).
      jobs: [FEATURE_SET],
      seed: 1,
      malformedShare: 0.01,
      runId,
      workDir: join(REPO_ROOT, '.cache/runs', runId),
      settleTimeoutMs: 60_000,
      log: (line) => { say(`  ${line}`); },
      onProgress: (progress) => {
        if (progress.elapsedMs - printed < 10_000) return;
        printed = progress.elapsedMs;
        say(`  ${progressLine(progress)}`);
      },
    });
    await run.stop();
    const judged = judgeRun(run.result);
    say(`  ${String(rate)} events/s: ${judged.why}; end to end p50 ${judged.endToEnd === undefined ? '-' : `${String(judged.endToEnd.p50)} ms`}`);
    runs.push(judged);
    return judged;
  };
  try {
    for (const rate of rates) await runAt(rate);
    const sustained = (): number[] => runs.filter((run) => run.sustained).map((run) => run.ratePerSecond);
    let next = Math.max(0, ...sustained()) * 1.5;
    // Search upwards only from the highest rate when it held: below it the fixed rates already answer.
    for (let step = 0; step < searchSteps && runs.find((run) => run.ratePerSecond === Math.max(...rates))?.sustained === true; step++) {
      const judged = await runAt(Math.round(next));
      if (!judged.sustained) break;
      next = judged.ratePerSecond * 1.5;
    }
    const held = sustained();
    return { runs, maxSustained: held.length === 0 ? undefined : Math.max(...held) };
  } finally {
    await services.stop();
  }
}

runCli(async () => {
  const options = parseCliOptions(process.argv.slice(2), optionsSchema, USAGE);
  const parts: Record<string, ReturnType<typeof runPart>> = {};
  for (const name of options.parts) if (name !== 'pipeline') parts[name] = runPart(name as PartName);
  const pipeline = options.parts.includes('pipeline') ? await pipelineRuns(options.rates, options.seconds, options['search-steps']) : undefined;

  console.log('\n=== npm run bench: every figure against a baseline measured in the same run, this machine\n');
  console.log('| part | measure | value | baseline | ratio |');
  console.log('|---|---|---|---|---|');
  for (const [name, part] of Object.entries(parts)) {
    if (part.error !== undefined) console.log(`| ${name} | FAILED: ${part.error} | | | |`);
    for (const line of part.headlines) console.log(`| ${line.part} | ${line.measure} | ${line.value} | ${line.baseline} | ${line.ratio.toFixed(2)}x |`);
  }
  if (pipeline !== undefined) {
    console.log('\n| pipeline rate | events | outcome | end to end p50 / p99 | drain after last event | kept up |');
    console.log('|---|---|---|---|---|---|');
    for (const run of pipeline.runs) {
      console.log(`| ${String(run.ratePerSecond)}/s | ${String(run.events)} | ${run.outcome} | ${run.endToEnd === undefined ? '-' : `${String(run.endToEnd.p50)} / ${String(run.endToEnd.p99)} ms`} | ${String(run.drainSeconds)} s | ${run.sustained ? 'yes' : `no: ${run.why}`} |`);
    }
    console.log(`\nhighest rate sustained: ${pipeline.maxSustained === undefined ? 'none of those tried' : `${String(pipeline.maxSustained)} events/s`}`);
  }
  const file = writeResults('bench', { host: { cores: availableParallelism() }, parts, pipeline });
  console.log(`\nresults: ${file}`);
  // npm run capacity sizes from these on any clone: the newest results of each part, the recorded ones for parts not run.
  writeRecordedRates(measuredRates(BENCH_RESULTS_DIR, availableParallelism()));
  console.log(`rates for npm run capacity: ${relative(REPO_ROOT, RECORDED_RATES_FILE)} (commit it with the figures in docs/)`);
  if (Object.values(parts).some((part) => part.error !== undefined)) process.exitCode = 1;
  process.exit();
});
