/**
 * npm run bench:job-tests: how long job tests take, cold and warm. Cold is a fresh runner test server (a new
 * JVM and embedded Flink: class loading and JIT ahead); warm is the same server once it has run every job's
 * tests. The baseline, measured in the same run, is what every run pays before any test: starting the server.
 *
 *   one job's test file (jobs/user-sessions.test.ts): cold, then warm
 *   every job's tests (jobs/*.test.ts): cold (a second fresh server), then warm
 *
 * Each figure is the wall time of a `vitest run --project jobs` over the files (vitest's own start included),
 * and the time vitest reports for the tests themselves. Writes bench/results/job-tests-<time>.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../common/cli-runner.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import { startJobTestServer, type JobTestServer } from '../job-test-kit/job-test-server.js';
import { ensureRunnerJar } from '../runner/runner-jar.js';
import { writeResults } from './bench-results.js';

const ONE_FILE = 'jobs/user-sessions.test.ts';

interface Timing {
  readonly files: number;
  readonly tests: number;
  /** Wall time of the vitest run. */
  readonly wallSeconds: number;
  /** The tests' own time as vitest reports it (sum over files). */
  readonly testSeconds: number;
}

interface VitestJson {
  readonly numTotalTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly { readonly startTime: number; readonly endTime: number }[];
}

function timeVitest(server: JobTestServer, files: readonly string[], label: string): Timing {
  const output = join(tmpdir(), `job-test-bench-${String(process.pid)}.json`);
  const started = performance.now();
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'jobs', '--reporter=json', `--outputFile=${output}`, ...files], {
    cwd: REPO_ROOT,
    env: { ...process.env, JOB_TEST_SERVER: server.url },
    encoding: 'utf8',
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const report = JSON.parse(readFileSync(output, 'utf8')) as VitestJson;
  rmSync(output, { force: true });
  if (run.status !== 0 || report.numFailedTests > 0) throw new Error(`${label}: the job tests failed (${String(report.numFailedTests)} of ${String(report.numTotalTests)}); run npm run test-jobs to see why`);
  const testSeconds = report.testResults.reduce((sum, file) => sum + (file.endTime - file.startTime), 0) / 1000;
  const timing = { files: report.testResults.length, tests: report.numTotalTests, wallSeconds, testSeconds };
  console.log(`${label.padEnd(34)} ${String(timing.files).padStart(3)} files ${String(timing.tests).padStart(4)} tests  ${wallSeconds.toFixed(1).padStart(6)} s wall  ${testSeconds.toFixed(1).padStart(6)} s in tests`);
  return timing;
}

async function timedServerStart(): Promise<{ readonly server: JobTestServer; readonly seconds: number }> {
  const started = performance.now();
  const server = await startJobTestServer();
  return { server, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const allFiles = readdirSync(join(REPO_ROOT, 'jobs'))
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => `jobs/${file}`);
  // Built before the clock starts: a stale jar would otherwise put a Maven build into the first server start.
  ensureRunnerJar();
  console.log(`job tests: ${ONE_FILE}, then all ${String(allFiles.length)} job test files, each on a fresh runner test server and again warm`);

  const first = await timedServerStart();
  console.log(`${'server start (baseline)'.padEnd(34)} ${first.seconds.toFixed(1).padStart(33)} s`);
  let oneCold: Timing;
  let oneWarm: Timing;
  try {
    oneCold = timeVitest(first.server, [ONE_FILE], 'one job, cold');
    timeVitest(first.server, allFiles, 'every job (warming up)');
    oneWarm = timeVitest(first.server, [ONE_FILE], 'one job, warm');
  } finally {
    first.server.stop();
  }

  const second = await timedServerStart();
  let allCold: Timing;
  let allWarm: Timing;
  try {
    allCold = timeVitest(second.server, allFiles, 'every job, cold');
    allWarm = timeVitest(second.server, allFiles, 'every job, warm');
  } finally {
    second.server.stop();
  }
  const file = writeResults('job-tests', { serverStartSeconds: [first.seconds, second.seconds], oneJob: { file: ONE_FILE, cold: oneCold, warm: oneWarm }, allJobs: { cold: allCold, warm: allWarm } });
  console.log(`results: ${file}`);
}

runCli(main);
