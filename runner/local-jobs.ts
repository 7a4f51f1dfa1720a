import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Manifest } from '../sql/compiler/manifest.js';
import { ManagedProcess } from '../common/process/managed-process.js';
import { ServiceStartError } from '../common/process/service-start-error.js';
import type { ProgressLog } from '../common/progress-log.js';
import { ensureRunnerJar } from './runner-jar.js';

export interface LocalJob {
  readonly name: string;
  readonly flinkJobId: string;
  /** `user-activity.v1: RUNNING (Flink job 1a2b…, restored from checkpoint, log …)`. */
  readonly status: string;
}

/** The chosen jobs, running on one embedded Flink cluster in one runner process. */
export interface LocalJobs {
  readonly jobs: readonly LocalJob[];
  /** The runner process: killing it stops every job; started again, each resumes from its checkpoint. */
  readonly process: ManagedProcess;
  readonly logPath: string;
  stop(): Promise<void>;
}

export interface LocalJobsOptions {
  /** The folder `npm run compile-jobs` wrote, with manifest.json, compiled for the local target. */
  readonly buildDir: string;
  /** Only these jobs (by manifest name); default: every job in the manifest. */
  readonly jobs?: readonly string[];
  /** Each job checkpoints into `<checkpointsDir>/<job>` and resumes from there when started again. */
  readonly checkpointsDir: string;
  readonly logsDir: string;
  readonly log: ProgressLog;
  readonly checkpointIntervalMs?: number;
  readonly readyTimeoutMs?: number;
}

const RUNNER_LOG = 'flink-runner.log';

/**
 * Starts compiled jobs on embedded Flink (what `deploy-jobs --target local` and `npm start` use):
 * one runner process, one cluster, each job its own Flink job with its own checkpoints, as each is
 * its own application on Managed Flink. One JVM rather than one per job, because on 2 cores a
 * dozen JVMs would spend the machine on themselves. Resolves once every job has been submitted,
 * with a status line per job; if the runner exits first, the call fails with its log tail.
 */
export async function startLocalJobs(options: LocalJobsOptions): Promise<LocalJobs> {
  const manifest = JSON.parse(readFileSync(join(options.buildDir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.target !== 'local') {
    throw new ServiceStartError('flink jobs', `${options.buildDir} was compiled for target '${manifest.target}'; compile with --target local`);
  }
  const wanted = options.jobs ?? manifest.jobs.map((job) => job.name);
  const unknown = wanted.filter((name) => !manifest.jobs.some((job) => job.name === name));
  if (unknown.length > 0) throw new ServiceStartError('flink jobs', `not in the manifest: ${unknown.join(', ')}`);
  if (wanted.length === 0) throw new ServiceStartError('flink jobs', 'no job to start');
  const chosen = manifest.jobs.filter((entry) => wanted.includes(entry.name));
  const jar = ensureRunnerJar();
  mkdirSync(options.logsDir, { recursive: true });
  const logPath = join(options.logsDir, RUNNER_LOG);
  const scripts = chosen.map((job) => join(options.buildDir, job.sqlFile));
  // The log is appended to across restarts: only what this runner writes counts.
  const output = new LogSince(logPath);
  const process = ManagedProcess.start({
    name: 'flink runner',
    command: 'java',
    // Parallelism 1: every job shares the machine's cores here (Managed Flink's is in the manifest).
    args: ['-jar', jar, 'run', ...scripts, '--checkpoints', options.checkpointsDir, '--checkpoint-interval', String(options.checkpointIntervalMs ?? 10_000), '--parallelism', '1'],
    logPath,
  });
  const stop = (): Promise<void> => process.stop(10_000);
  try {
    const jobs: LocalJob[] = [];
    for (const [index, job] of chosen.entries()) {
      const script = scripts[index] ?? '';
      const flinkJobId = await submitted(process, output, script, job.name, options.readyTimeoutMs ?? 120_000);
      const restored = output.text().includes(`restoring ${script} from checkpoint`) ? ', restored from checkpoint' : '';
      const status = `${job.name}: RUNNING (Flink job ${flinkJobId}${restored}, log ${logPath})`;
      jobs.push({ name: job.name, flinkJobId, status });
      options.log(status);
    }
    return { jobs, process, logPath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits for the runner's line for this script; each job gets the timeout from the previous one's. */
async function submitted(process: ManagedProcess, output: LogSince, script: string, job: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const line = `running ${script} as Flink job `;
  for (;;) {
    const text = output.text();
    const at = text.indexOf(line);
    const id = at < 0 ? undefined : /^[0-9a-f]+/.exec(text.slice(at + line.length))?.[0];
    if (id !== undefined) return id;
    if (process.hasExited || Date.now() > deadline) {
      const reason = process.hasExited ? `the runner ${process.exitDescription} before the job was submitted` : `not submitted after ${timeoutMs / 1000} s`;
      throw new ServiceStartError(`flink job ${job}`, reason, process.logPath, process.logTail());
    }
    await sleep(250);
  }
}

/** What a log file gained since this object was made. */
class LogSince {
  private readonly offset: number;

  constructor(private readonly path: string) {
    this.offset = existsSync(path) ? statSync(path).size : 0;
  }

  text(): string {
    if (!existsSync(this.path)) return '';
    return readFileSync(this.path).subarray(this.offset).toString('utf8');
  }
}
