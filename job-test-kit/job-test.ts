/**
 * `jobTest(job, import.meta.url)`: runs a job's compiled script on the runner's embedded Flink over a test's
 * steps, with the job's SQL as deployed and only its connectors swapped (test-target.ts), and returns what it
 * emitted. A test file sits beside its job (`jobs/user-sessions.test.ts` for `jobs/user-sessions.ts`), which is
 * how the kit knows the job's name (`user-sessions.v1`, in every row's `feature_set`) and file.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, inject } from 'vitest';
import { REPO_ROOT } from '../common/repo-paths.js';
import { UserError } from '../common/user-error.js';
import { compileJob, type CompiledJob } from '../sql/compiler/compile-job.js';
import { jobIdentity, type JobIdentity } from '../sql/compiler/job-identity.js';
import type { Job } from '../sql/dsl/job-kinds.js';
import type { Source } from '../sql/dsl/source.js';
import { ownJobTestServer, runScript } from './job-test-server.js';
import { JobTestRun, type BehindWatermark, type DeadLetterOfRun } from './job-test-run.js';
import { readSinkLog } from './sink-log.js';
import type { ReferenceRows, Step } from './steps.js';
import { jobTestFiles, jobTestTarget, type JobTestFiles } from './test-target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the run-wide runner test server (job-test-kit/global-setup.ts). */
    jobTestServer?: string;
  }
}

/** The job could not be run: it does not compile, Flink's planner refuses it, or it failed while running. */
export class JobTestError extends UserError {
  override readonly name = 'JobTestError';
}

export interface RunOptions {
  /** The rows of each reference table the job looks up; a table not given is empty (every lookup misses). */
  readonly references?: readonly ReferenceRows[];
}

/** Where every run's files go: the compiled script, the sources' scripts, what the sinks received. */
export const JOB_TEST_FOLDER = join(REPO_ROOT, '.cache/job-tests');

let runCount = 0;

async function serverUrl(): Promise<string> {
  let provided: string | undefined;
  try {
    provided = inject('jobTestServer');
  } catch {
    provided = undefined;
  }
  // JOB_TEST_SERVER: a server someone else started (the job-test bench times runs on one it keeps warm).
  return provided ?? process.env.JOB_TEST_SERVER ?? (await ownJobTestServer()).url;
}

function currentTestName(): string | undefined {
  try {
    return expect.getState().currentTestName;
  } catch {
    return undefined;
  }
}

/** The test file's path, given its import.meta.url or a path. */
function pathOf(testFile: string): string {
  return testFile.startsWith('file:') ? fileURLToPath(testFile) : testFile;
}

/** The job file beside a test file: `jobs/user-sessions.test.ts` -> `jobs/user-sessions.ts`. */
function jobFileOf(testFile: string): string {
  const path = pathOf(testFile);
  if (!path.endsWith('.test.ts')) throw new JobTestError(`jobTest(job, ${testFile}): give the test file's import.meta.url; a job test file is named after its job, <job file>.test.ts`);
  return path.replace(/\.test\.ts$/, '.ts');
}

async function identityOf(job: Job, testFile: string): Promise<JobIdentity> {
  const jobFile = jobFileOf(testFile);
  const file = relative(REPO_ROOT, jobFile);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(jobFile).href)) as Record<string, unknown>;
  } catch (error) {
    throw new JobTestError(`${file}: the job file of ${relative(REPO_ROOT, pathOf(testFile))} does not load: ${error instanceof Error ? error.message : String(error)}`);
  }
  const exportName = Object.keys(module).find((name) => module[name] === job);
  if (exportName === undefined) throw new JobTestError(`${file} does not export the job given to jobTest; a job test tests a job its job file exports`);
  return jobIdentity(file, exportName);
}

/** Each event step's record (by step position): its defaults for its number among the run's events (1, 2, ...), then its values. */
function eventRecords(steps: readonly Step[]): Map<number, Readonly<Record<string, unknown>>> {
  const records = new Map<number, Readonly<Record<string, unknown>>>();
  steps.forEach((step, index) => {
    if (step.kind === 'event') records.set(index, { ...step.defaults(records.size + 1), ...step.values });
  });
  return records;
}

function behindWatermarks(steps: readonly Step[], records: ReadonlyMap<number, Readonly<Record<string, unknown>>>, sources: readonly Source[]): BehindWatermark[] {
  const behind: BehindWatermark[] = [];
  for (const source of sources) {
    let watermark = Number.NEGATIVE_INFINITY;
    steps.forEach((step, index) => {
      if (step.kind === 'watermark') watermark = Math.max(watermark, step.at);
      const record = records.get(index);
      if (step.kind !== 'event' || record === undefined || step.source.stream !== source.stream) return;
      const eventTime = record[source.eventTimeSourceColumn];
      if (typeof eventTime !== 'number') return;
      if (eventTime <= watermark) behind.push({ step: index + 1, record, watermark });
      // The declared strategy: the newest event time seen, less the source's watermark delay.
      watermark = Math.max(watermark, eventTime - source.watermarkDelay.millis);
    });
  }
  return behind;
}

function writeInputs(files: JobTestFiles, compiled: CompiledJob, steps: readonly Step[], records: ReadonlyMap<number, Readonly<Record<string, unknown>>>, options: RunOptions, identity: JobIdentity): void {
  const streams = new Set(compiled.sources.map((source) => source.stream));
  const scripts = new Map([...streams].map((stream) => [stream, [] as string[]]));
  steps.forEach((step, index) => {
    if (step.kind === 'watermark') {
      for (const lines of scripts.values()) lines.push(JSON.stringify({ watermark: step.at }));
      return;
    }
    const lines = scripts.get(step.source.stream);
    if (lines === undefined) throw new JobTestError(`step ${String(index + 1)} is a record of '${step.source.name}' (stream '${step.source.stream}'), which ${identity.file} (${identity.name}) does not read; it reads ${[...streams].join(', ')}`);
    const text = step.kind === 'event' ? JSON.stringify(records.get(index)) : step.text;
    lines.push(JSON.stringify({ record: text }));
  });
  for (const [stream, lines] of scripts) writeFileSync(files.sourceScript(stream), lines.map((line) => `${line}\n`).join(''));
  for (const table of compiled.referenceTables) {
    const rows = options.references?.find((given) => given.table.name === table.name)?.rows ?? [];
    writeFileSync(files.referenceRows(table.name), rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  }
}

/**
 * Why a job's rows cannot be told apart by the watermark that emitted them, if they cannot. A row reaches the
 * sink just before the watermark that fired it only when the sink has one input: a union's parts reach it on
 * several, a regular join emits as rows of either side arrive (in a run-dependent order), an interval join
 * holds its output watermark back by its bound, so its rows carry a watermark from before their own events, and
 * a temporal join fires on whichever of its two inputs' watermarks arrives second, which differs between runs.
 */
function unlabelledEmission(job: Job): string | undefined {
  switch (job.jobType) {
    case 'union':
      return 'a union’s parts reach the sink on separate paths, so which watermark a row precedes depends on the run';
    case 'join':
      return 'a regular join emits as rows of either side arrive, in an order that depends on the run';
    case 'interval-join':
      return 'an interval join holds its output watermark back by its bound, so its rows precede watermarks from before their events';
    case 'temporal-join':
      return 'a temporal join reads the stream and its versioned table as two inputs, and which input’s watermark reaches it first depends on the run';
    default:
      return undefined;
  }
}

function readDeadLetters(path: string): DeadLetterOfRun[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const letter = JSON.parse(line) as { job: string; reason: string; source: string | null; sequenceNumber: string };
      return { job: letter.job, reason: letter.reason, source: letter.source, step: Number(letter.sequenceNumber) };
    });
}

export interface JobUnderTest<Row> {
  readonly job: Job<Row>;
  /** Runs the job over `steps` to the end of its input (which flushes every open window). */
  readonly run: (steps: readonly Step[], options?: RunOptions) => Promise<JobTestRun<Row>>;
}

/** The job `job` of the job file beside `testFile` (pass `import.meta.url`), ready to run over test steps. */
export function jobTest<Row>(job: Job<Row>, testFile: string): JobUnderTest<Row> {
  let identity: Promise<JobIdentity> | undefined;
  return {
    job,
    run: async (steps, options = {}) => {
      identity ??= identityOf(job, testFile);
      const who = await identity;
      const testName = currentTestName();
      runCount += 1;
      const folder = join(JOB_TEST_FOLDER, who.name, `${String(process.pid)}-${String(runCount)}`);
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder, { recursive: true });
      const files = jobTestFiles(folder);
      const context = `${who.file} (${who.name})${testName === undefined ? '' : `, test "${testName}"`}`;
      let compiled: CompiledJob;
      try {
        compiled = compileJob(job, who, jobTestTarget(files));
      } catch (error) {
        if (error instanceof UserError) throw new JobTestError(`${context}: the job does not compile: ${error.message}`);
        throw error;
      }
      const records = eventRecords(steps);
      writeInputs(files, compiled, steps, records, options, who);
      const scriptPath = join(folder, `${basename(who.name)}.sql`);
      writeFileSync(scriptPath, compiled.sql);
      const outcome = await runScript(await serverUrl(), scriptPath);
      if (outcome.status === 'failed') {
        const what = outcome.stage === 'plan' ? "Flink's planner refused the job" : 'the job failed while running';
        throw new JobTestError(`${context}: ${what}: ${outcome.message}\n  (its script and inputs: ${relative(REPO_ROOT, folder)})`);
      }
      const sink = readSinkLog(files.sinkLog(job.sinkStream));
      const deadLetters = [...new Set(compiled.sources.map((source) => source.stream))].flatMap((stream) => readDeadLetters(files.deadLetters(stream)));
      const dataLakeRows = job.dataLake === undefined ? undefined : readSinkLog(files.dataLakeLog(job.dataLake.folder)).rows;
      return new JobTestRun<Row>({ context, testFile: pathOf(testFile), identity: who, folder, rows: sink.rows, watermarks: sink.watermarks, unlabelledEmission: unlabelledEmission(job), dataLakeRows, deadLetters, behindWatermark: behindWatermarks(steps, records, compiled.sources) });
    },
  };
}
