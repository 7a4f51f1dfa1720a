/**
 * npm run test-jobs [-- [--update] [job ...]]: runs the job tests beside each job (jobs/*.test.ts) on one
 * runner test server, all of them or those of the named jobs (`user-sessions`, `user-sessions.v1` or
 * `jobs/user-sessions.ts`). `--update` writes the expected-rows files that tests compare with
 * (`expectRowsFile`) from what the jobs emit, and says which.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliUsageError } from '../common/cli-options.js';
import { runCli } from '../common/cli-runner.js';
import { REPO_ROOT } from '../common/repo-paths.js';

const USAGE = 'usage: npm run test-jobs [-- [--update] [job ...]]   (a job: user-sessions, user-sessions.v1 or jobs/user-sessions.ts)';
const JOBS_DIR = join(REPO_ROOT, 'jobs');

/** The job file's base name of a job named as a user would name it: `user-sessions.v1` -> `user-sessions`. */
function jobBase(job: string): string {
  const name = basename(job).replace(/\.test\.ts$|\.ts$/, '');
  return existsSync(join(JOBS_DIR, `${name}.ts`)) ? name : name.replace(/\.[^.]*$/, '');
}

function testFileOf(job: string): string {
  const base = jobBase(job);
  const testFile = join('jobs', `${base}.test.ts`);
  if (existsSync(join(REPO_ROOT, testFile))) return testFile;
  if (existsSync(join(JOBS_DIR, `${base}.ts`))) throw new CliUsageError(`jobs/${base}.ts has no tests yet (jobs/${base}.test.ts); README "Testing a job" shows how to write them`);
  const tested = readdirSync(JOBS_DIR)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => file.replace(/\.test\.ts$/, ''));
  throw new CliUsageError(`no job '${job}' in jobs/; the jobs with tests: ${tested.join(', ')}\n${USAGE}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknownFlag = args.find((arg) => arg.startsWith('-') && arg !== '--update');
  if (unknownFlag !== undefined) throw new CliUsageError(`unknown option ${unknownFlag}\n${USAGE}`);
  const update = args.includes('--update');
  const files = args.filter((arg) => arg !== '--update').map(testFileOf);
  const result = spawnSync('npx', ['vitest', 'run', '--project', 'jobs', ...files], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...(update ? { JOB_TEST_UPDATE: '1' } : {}) },
  });
  process.exitCode = result.status ?? 1;
  await Promise.resolve();
}

runCli(main);
