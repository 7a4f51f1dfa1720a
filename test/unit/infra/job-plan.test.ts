import { describe, expect, it } from 'vitest';
import { planDeployment, renderPlan, isBlocked, type DeployedJob, type DesiredJob } from '../../../infra/deploy-jobs/job-plan.js';

const desired = (job: string, changes: Partial<DesiredJob> = {}): DesiredJob => ({ job, application: `clickstream-${job}`, scriptHash: 'script-1', stateHash: 'state-1', runnerHash: 'runner-1', parallelism: 1, autoscaling: false, ...changes });

const deployed = (job: string, changes: Partial<DeployedJob> = {}): DeployedJob => ({
  application: `clickstream-${job}`,
  status: 'RUNNING',
  revision: 3,
  scriptHash: 'script-1',
  stateHash: 'state-1',
  runnerHash: 'runner-1',
  parallelism: 1,
  autoscaling: false,
  latestSnapshot: { name: 'snap-7', createdAt: new Date('2026-11-23T10:00:00Z') },
  ...changes,
});

const plan = (wanted: DesiredJob[], have: DeployedJob[], allowStateReset = false) => planDeployment(wanted, new Map(have.map((job) => [job.application, job])), { allowStateReset });

describe('deploy-jobs plan', () => {
  it('creates what is missing, leaves what is up to date, starts what is stopped', () => {
    const result = plan([desired('a.v1'), desired('b.v1'), desired('c.v1')], [deployed('b.v1'), deployed('c.v1', { status: 'READY' })]);

    expect(result.steps.map((step) => step.action)).toEqual(['create', 'no-change', 'start']);
    expect(result.steps[0]).toMatchObject({ restore: { kind: 'none', why: 'new application' } });
    expect(result.steps[2]).toMatchObject({ restore: { kind: 'latest-snapshot', snapshot: 'snap-7' } });
  });

  it('updates on a changed script, runner or parallelism, restoring from the latest snapshot', () => {
    const result = plan([desired('a.v1', { scriptHash: 'script-2' }), desired('b.v1', { runnerHash: 'runner-2', parallelism: 4 })], [deployed('a.v1'), deployed('b.v1', { latestSnapshot: undefined })]);

    expect(result.steps[0]).toMatchObject({ action: 'update', changes: ['script'], restore: { kind: 'latest-snapshot', snapshot: 'snap-7' } });
    expect(result.steps[1]).toMatchObject({ action: 'update', changes: ['runner', 'parallelism'], restore: { kind: 'none', why: 'no snapshot yet' } });
  });

  it('updates when a job turns autoscaling on, and says so', () => {
    const result = plan([desired('a.v1', { autoscaling: true })], [deployed('a.v1')]);

    expect(result.steps[0]).toMatchObject({ action: 'update', changes: ['autoscaling'] });
    expect(renderPlan(result)).toContain('autoscaling on; restart from snapshot snap-7');
  });

  it('refuses to restore a snapshot into a job whose state shape changed, unless told to reset it', () => {
    const wanted = [desired('a.v1', { scriptHash: 'script-2', stateHash: 'state-2' })];

    const guarded = plan(wanted, [deployed('a.v1')]);
    const reset = plan(wanted, [deployed('a.v1')], true);

    expect(isBlocked(guarded)).toBe(true);
    expect(guarded.steps[0]).toMatchObject({ action: 'blocked', reason: expect.stringContaining('the state of a.v1 changed (state-1 -> state-2)') as unknown });
    expect(isBlocked(reset)).toBe(false);
    expect(reset.steps[0]).toMatchObject({ action: 'update', changes: ['script'], restore: { kind: 'reset', from: 'state-1', to: 'state-2' } });
  });

  it('does not touch an application the service is busy with', () => {
    const result = plan([desired('a.v1', { scriptHash: 'script-2' }), desired('b.v1')], [deployed('a.v1', { status: 'UPDATING' }), deployed('b.v1', { status: 'STOPPING' })]);

    expect(result.steps.map((step) => step.action)).toEqual(['blocked', 'blocked']);
    expect(result.steps[0]).toMatchObject({ reason: 'application clickstream-a.v1 is UPDATING; run deploy-jobs again once it is RUNNING or READY' });
  });

  it('lists deployed applications no compiled job maps to, and leaves them alone', () => {
    const result = plan([desired('a.v1')], [deployed('a.v1'), deployed('old.v0')]);

    expect(result.unmanaged).toEqual(['clickstream-old.v0']);
  });

  it('renders a table a person can read', () => {
    const result = plan([desired('a.v1'), desired('b.v1', { scriptHash: 'script-2', stateHash: 'state-2' }), desired('c.v1', { parallelism: 2 })], [deployed('b.v1'), deployed('c.v1'), deployed('old.v0')], true);

    expect(renderPlan(result)).toBe(
      [
        '  job   application       action  what and why',
        '  a.v1  clickstream-a.v1  create  new application, parallelism 1; start with no state (new application)',
        '  b.v1  clickstream-b.v1  update  script changed, state shape changed; restart WITHOUT STATE: state shape changed state-1 -> state-2 (--allow-state-reset)',
        '  c.v1  clickstream-c.v1  update  parallelism 1 -> 2; restart from snapshot snap-7',
        '  (clickstream-old.v0: deployed, but no compiled job maps to it; left alone)',
      ].join('\n'),
    );
  });
});
