/**
 * What `deploy-jobs` will do, worked out before it does anything: for each compiled job, the
 * deployed application's state beside the desired one gives an action (create, update, start, no
 * change), the changes behind it, and how it restores its state. Pure functions over described
 * state, shared by every target (Managed Flink, the local embedded Flink).
 */

/** A compiled job as the manifest and build folder describe it. */
export interface DesiredJob {
  /** The manifest's job name, e.g. `user-activity.v1`. */
  readonly job: string;
  /** The application that runs it (a Managed Flink application name; locally the job name). */
  readonly application: string;
  /** Content hash of the compiled SQL script. */
  readonly scriptHash: string;
  /** The manifest's state hash: changes when the query's state shape may have changed. */
  readonly stateHash: string;
  /** Content hash of the runner jar. */
  readonly runnerHash: string;
  readonly parallelism: number;
  readonly autoscaling: boolean;
}

export type ApplicationStatus = 'READY' | 'STARTING' | 'RUNNING' | 'UPDATING' | 'AUTOSCALING' | 'STOPPING' | 'FORCE_STOPPING' | 'ROLLING_BACK' | 'ROLLED_BACK' | 'MAINTENANCE' | 'DELETING';

/** What the target says is deployed under an application name. */
export interface DeployedJob {
  readonly application: string;
  readonly status: ApplicationStatus;
  /** The target's version of the application (Managed Flink's ApplicationVersionId), for optimistic updates. */
  readonly revision: number;
  /** Hashes recorded at the last deploy; undefined for an application deploy-jobs did not create. */
  readonly scriptHash: string | undefined;
  readonly stateHash: string | undefined;
  readonly runnerHash: string | undefined;
  readonly parallelism: number | undefined;
  readonly autoscaling: boolean | undefined;
  readonly latestSnapshot: { readonly name: string; readonly createdAt: Date } | undefined;
}

export type Change = 'script' | 'runner' | 'parallelism' | 'autoscaling';

export type Restore =
  | { readonly kind: 'none'; readonly why: 'new application' | 'no snapshot yet' }
  | { readonly kind: 'latest-snapshot'; readonly snapshot: string }
  /** The state shape changed and the user allowed starting without it. */
  | { readonly kind: 'reset'; readonly from: string; readonly to: string };

export type JobStep =
  | { readonly action: 'create'; readonly desired: DesiredJob; readonly restore: Restore }
  | { readonly action: 'update'; readonly desired: DesiredJob; readonly deployed: DeployedJob; readonly changes: readonly Change[]; readonly restore: Restore }
  | { readonly action: 'start'; readonly desired: DesiredJob; readonly deployed: DeployedJob; readonly restore: Restore }
  | { readonly action: 'no-change'; readonly desired: DesiredJob; readonly deployed: DeployedJob }
  /** Not applied: the reason says what the user can do. */
  | { readonly action: 'blocked'; readonly desired: DesiredJob; readonly deployed: DeployedJob | undefined; readonly reason: string };

export interface Plan {
  readonly steps: readonly JobStep[];
  /** Applications the target has that no compiled job maps to: left alone, listed so nobody is surprised. */
  readonly unmanaged: readonly string[];
}

export interface PlanOptions {
  readonly allowStateReset: boolean;
}

/** States in which an application is, or is becoming, a running job: no start needed. */
const LIVE: ReadonlySet<ApplicationStatus> = new Set(['RUNNING', 'STARTING', 'UPDATING', 'AUTOSCALING']);
/** States in which nothing may be changed until the service is done. */
const BUSY: ReadonlySet<ApplicationStatus> = new Set(['STOPPING', 'FORCE_STOPPING', 'ROLLING_BACK', 'MAINTENANCE', 'DELETING', 'UPDATING', 'AUTOSCALING', 'STARTING']);

function changesOf(desired: DesiredJob, deployed: DeployedJob): Change[] {
  const changes: Change[] = [];
  if (deployed.scriptHash !== desired.scriptHash) changes.push('script');
  if (deployed.runnerHash !== desired.runnerHash) changes.push('runner');
  if (deployed.parallelism !== desired.parallelism) changes.push('parallelism');
  if (deployed.autoscaling !== desired.autoscaling) changes.push('autoscaling');
  return changes;
}

function stepFor(desired: DesiredJob, deployed: DeployedJob | undefined, options: PlanOptions): JobStep {
  if (deployed === undefined) return { action: 'create', desired, restore: { kind: 'none', why: 'new application' } };
  const changes = changesOf(desired, deployed);
  if (BUSY.has(deployed.status) && (changes.length > 0 || !LIVE.has(deployed.status))) {
    return { action: 'blocked', desired, deployed, reason: `application ${deployed.application} is ${deployed.status}; run deploy-jobs again once it is RUNNING or READY` };
  }
  const stateChanged = deployed.stateHash !== undefined && deployed.stateHash !== desired.stateHash;
  if (stateChanged && !options.allowStateReset) {
    return {
      action: 'blocked',
      desired,
      deployed,
      reason:
        `the state of ${desired.job} changed (${deployed.stateHash} -> ${desired.stateHash}): its snapshot cannot be restored into the new query. ` +
        'Deploy it as a new job version, or pass --allow-state-reset to start it without its state',
    };
  }
  const restore: Restore = stateChanged
    ? { kind: 'reset', from: deployed.stateHash, to: desired.stateHash }
    : deployed.latestSnapshot === undefined
      ? { kind: 'none', why: 'no snapshot yet' }
      : { kind: 'latest-snapshot', snapshot: deployed.latestSnapshot.name };
  if (changes.length > 0 || stateChanged) return { action: 'update', desired, deployed, changes, restore };
  if (!LIVE.has(deployed.status)) return { action: 'start', desired, deployed, restore };
  return { action: 'no-change', desired, deployed };
}

export function planDeployment(desired: readonly DesiredJob[], deployed: ReadonlyMap<string, DeployedJob>, options: PlanOptions): Plan {
  const wanted = new Set(desired.map((job) => job.application));
  return {
    steps: desired.map((job) => stepFor(job, deployed.get(job.application), options)),
    unmanaged: [...deployed.keys()].filter((application) => !wanted.has(application)).sort(),
  };
}

function describeRestore(restore: Restore): string {
  switch (restore.kind) {
    case 'none':
      return `no state (${restore.why})`;
    case 'latest-snapshot':
      return `from snapshot ${restore.snapshot}`;
    case 'reset':
      return `WITHOUT STATE: state shape changed ${restore.from} -> ${restore.to} (--allow-state-reset)`;
  }
}

function describeStep(step: JobStep): { action: string; detail: string } {
  switch (step.action) {
    case 'create':
      return { action: 'create', detail: `new application, parallelism ${String(step.desired.parallelism)}${step.desired.autoscaling ? ' with autoscaling' : ''}; start with ${describeRestore(step.restore)}` };
    case 'update': {
      const changes = step.changes.map((change) =>
        change === 'parallelism'
          ? `parallelism ${String(step.deployed.parallelism)} -> ${String(step.desired.parallelism)}`
          : change === 'autoscaling'
            ? `autoscaling ${step.desired.autoscaling ? 'on' : 'off'}`
            : `${change} changed`,
      );
      return { action: 'update', detail: `${[...changes, ...(step.restore.kind === 'reset' ? ['state shape changed'] : [])].join(', ')}; restart ${describeRestore(step.restore)}` };
    }
    case 'start':
      return { action: 'start', detail: `${step.deployed.status}, unchanged; start ${describeRestore(step.restore)}` };
    case 'no-change':
      return { action: 'no change', detail: `${step.deployed.status}, up to date` };
    case 'blocked':
      return { action: 'BLOCKED', detail: step.reason };
  }
}

/** The plan as a table a person reads before saying yes. */
export function renderPlan(plan: Plan): string {
  const rows = plan.steps.map((step) => ({ job: step.desired.job, application: step.desired.application, ...describeStep(step) }));
  const width = (pick: (row: (typeof rows)[number]) => string, title: string) => Math.max(title.length, ...rows.map((row) => pick(row).length));
  const jobWidth = width((row) => row.job, 'job');
  const applicationWidth = width((row) => row.application, 'application');
  const actionWidth = width((row) => row.action, 'action');
  const line = (job: string, application: string, action: string, detail: string) => `  ${job.padEnd(jobWidth)}  ${application.padEnd(applicationWidth)}  ${action.padEnd(actionWidth)}  ${detail}`.trimEnd();
  const lines = [line('job', 'application', 'action', 'what and why'), ...rows.map((row) => line(row.job, row.application, row.action, row.detail))];
  for (const application of plan.unmanaged) lines.push(`  (${application}: deployed, but no compiled job maps to it; left alone)`);
  return lines.join('\n');
}

export function isBlocked(plan: Plan): boolean {
  return plan.steps.some((step) => step.action === 'blocked');
}
