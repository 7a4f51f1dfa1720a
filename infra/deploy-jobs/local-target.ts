/**
 * deploy-jobs against the embedded Flink: the same plan as for Managed Flink, applied to one runner
 * process on this machine. What was deployed is recorded in `<root>/deployed.json`; a job's
 * "snapshot" is the newest completed checkpoint in `<root>/checkpoints/<job>`, which the runner
 * resumes from. A state reset moves that folder aside (kept, not deleted) so the job starts empty.
 * Nothing runs once deploy-jobs exits, so every deployed job plans as READY: started again.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startLocalJobs, type LocalJob } from '../../runner/local-jobs.js';
import type { CompiledJob } from './desired-jobs.js';
import type { DeployedJob, Plan } from './job-plan.js';

interface Recorded {
  readonly scriptHash: string;
  readonly stateHash: string;
  readonly runnerHash: string;
  readonly parallelism: number;
  readonly autoscaling?: boolean;
  readonly revision: number;
}

export interface LocalDeployment {
  readonly jobs: readonly LocalJob[];
  stop(): Promise<void>;
}

export class LocalFlinkTarget {
  constructor(
    private readonly root: string,
    private readonly log: (line: string) => void,
  ) {}

  private get recordPath(): string {
    return join(this.root, 'deployed.json');
  }

  private checkpoints(job: string): string {
    return join(this.root, 'checkpoints', job);
  }

  private recorded(): Record<string, Recorded> {
    return existsSync(this.recordPath) ? (JSON.parse(readFileSync(this.recordPath, 'utf8')) as Record<string, Recorded>) : {};
  }

  /** The newest completed checkpoint (a `_metadata` file) of a job, as its snapshot. */
  private latestCheckpoint(job: string): { name: string; createdAt: Date } | undefined {
    const folder = this.checkpoints(job);
    if (!existsSync(folder)) return undefined;
    const completed = (readdirSync(folder, { recursive: true }) as string[]).filter((file) => file.endsWith('_metadata')).map((file) => ({ file, mtime: statSync(join(folder, file)).mtime }));
    const newest = completed.sort((a, b) => b.mtime.getTime() - a.mtime.getTime())[0];
    return newest === undefined ? undefined : { name: relative(this.root, join(folder, newest.file, '..')), createdAt: newest.mtime };
  }

  describe(): Map<string, DeployedJob> {
    return new Map(
      Object.entries(this.recorded()).map(([job, recorded]) => [
        job,
        { application: job, status: 'READY', revision: recorded.revision, scriptHash: recorded.scriptHash, stateHash: recorded.stateHash, runnerHash: recorded.runnerHash, parallelism: recorded.parallelism, autoscaling: recorded.autoscaling ?? false, latestSnapshot: this.latestCheckpoint(job) },
      ]),
    );
  }

  /** Starts every job the plan does not block (restoring its checkpoint unless reset) and records it. */
  async apply(plan: Plan, jobs: readonly CompiledJob[], buildDir: string): Promise<LocalDeployment> {
    const steps = plan.steps.filter((step) => step.action !== 'blocked');
    for (const step of steps) {
      if (step.action !== 'no-change' && step.restore.kind === 'reset' && existsSync(this.checkpoints(step.desired.job))) {
        const aside = `${this.checkpoints(step.desired.job)}.before-reset-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(this.checkpoints(step.desired.job), aside);
        this.log(`${step.desired.job}: state shape changed (${step.restore.from} -> ${step.restore.to}); starting WITHOUT state (--allow-state-reset); old checkpoints kept in ${aside}`);
      }
    }
    mkdirSync(this.root, { recursive: true });
    const running = await startLocalJobs({
      buildDir,
      jobs: steps.map((step) => step.desired.job),
      checkpointsDir: join(this.root, 'checkpoints'),
      logsDir: join(this.root, 'logs'),
      log: this.log,
    });
    const recorded = this.recorded();
    for (const step of steps) {
      const job = jobs.find((candidate) => candidate.job === step.desired.job);
      if (job === undefined) continue;
      recorded[job.job] = { scriptHash: job.scriptHash, stateHash: job.stateHash, runnerHash: job.runnerHash, parallelism: job.parallelism, autoscaling: job.autoscaling, revision: (recorded[job.job]?.revision ?? 0) + (step.action === 'start' ? 0 : 1) };
    }
    writeFileSync(this.recordPath, `${JSON.stringify(recorded, null, 2)}\n`);
    return running;
  }
}
