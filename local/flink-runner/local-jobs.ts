import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Manifest } from '../../sql/compiler/manifest.js';
import { ManagedProcess } from '../services/managed-process.js';
import { ServiceStartError } from '../services/service-errors.js';
import type { ProgressLog } from '../services/service-types.js';
import { ensureRunnerJar } from './runner-jar.js';

export interface LocalJob {
  readonly name: string;
  readonly process: ManagedProcess;
  readonly logPath: string;
  readonly flinkJobId: string;
  /** `user-activity.v1: RUNNING (Flink job 1a2b…, restored from checkpoint, log …)`. */
  readonly status: string;
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

const RUNNING = /running .* as Flink job ([0-9a-f]+)/;

/**
 * Starts compiled jobs on embedded Flink, one runner process each (what `deploy-jobs --target local`
 * and `npm start` use). Resolves once every job has been submitted, with a status line per job; a
 * job whose runner exits first fails the call with its log tail, and the ones already started stop.
 */
export async function startLocalJobs(options: LocalJobsOptions): Promise<{ readonly jobs: readonly LocalJob[]; stop(): Promise<void> }> {
  const manifest = JSON.parse(readFileSync(join(options.buildDir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.target !== 'local') {
    throw new ServiceStartError('flink jobs', `${options.buildDir} was compiled for target '${manifest.target}'; compile with --target local`);
  }
  const wanted = options.jobs ?? manifest.jobs.map((job) => job.name);
  const unknown = wanted.filter((name) => !manifest.jobs.some((job) => job.name === name));
  if (unknown.length > 0) throw new ServiceStartError('flink jobs', `not in the manifest: ${unknown.join(', ')}`);
  const jar = ensureRunnerJar();
  mkdirSync(options.logsDir, { recursive: true });
  const started: LocalJob[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((job) => job.process.stop(10_000)));
  };
  try {
    for (const job of manifest.jobs.filter((entry) => wanted.includes(entry.name))) {
      const logPath = join(options.logsDir, `${job.name}.log`);
      const process = ManagedProcess.start({
        name: job.name,
        command: 'java',
        args: [
          '-jar',
          jar,
          'run',
          join(options.buildDir, job.sqlFile),
          '--checkpoints',
          join(options.checkpointsDir, job.name),
          '--checkpoint-interval',
          String(options.checkpointIntervalMs ?? 10_000),
        ],
        logPath,
      });
      const flinkJobId = await submitted(process, options.readyTimeoutMs ?? 120_000);
      const restored = /restoring from checkpoint/.test(process.logTail(200)) ? ', restored from checkpoint' : '';
      const status = `${job.name}: RUNNING (Flink job ${flinkJobId}${restored}, log ${logPath})`;
      started.push({ name: job.name, process, logPath, flinkJobId, status });
      options.log(status);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { jobs: started, stop };
}

async function submitted(process: ManagedProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const id = RUNNING.exec(process.logTail(200))?.[1];
    if (id !== undefined) return id;
    if (process.hasExited || Date.now() > deadline) {
      const reason = process.hasExited ? `the runner ${process.exitDescription} before the job was submitted` : `not submitted after ${timeoutMs / 1000} s`;
      throw new ServiceStartError(`flink job ${process.name}`, reason, process.logPath, process.logTail());
    }
    await sleep(250);
  }
}
