/**
 * deploy-jobs --target local: the plan/apply engine against the real embedded Flink runner.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { desiredJobs, readManifest } from '../../infra/deploy-jobs/desired-jobs.js';
import { isBlocked, planDeployment } from '../../infra/deploy-jobs/job-plan.js';
import { LocalFlinkTarget } from '../../infra/deploy-jobs/local-target.js';
import { ensureRunnerJar } from '../../runner/runner-jar.js';
import { REFERENCE_DIR } from '../../common/reference-files.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { compileAll, writeBuild } from '../../sql/compiler/compile-all.js';
import { localTarget } from '../../sql/compiler/compile-target.js';

describe('deploy-jobs --target local (real embedded Flink)', () => {
  const { kinesis, redis } = inject('services');

  it('creates, records, restarts; refuses a changed state shape unless reset, then starts without the old checkpoints', async () => {
    // Prepare
    const buildDir = mkdtempSync(join(tmpdir(), 'deploy-local-build-'));
    const compileTarget = localTarget({
      kinesisEndpoint: kinesis.endpoint,
      redisUrl: redis.url,
      referenceDataRoot: pathToFileURL(REFERENCE_DIR).href,
      dataLakeRoot: pathToFileURL(join(buildDir, 'data-lake')).href,
    });
    writeBuild(buildDir, await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target: compileTarget }));
    const root = mkdtempSync(join(tmpdir(), 'deploy-local-'));
    const lines: string[] = [];
    const target = new LocalFlinkTarget(root, (line) => lines.push(line));
    const jobs = desiredJobs(readManifest(buildDir), buildDir, { runnerJar: ensureRunnerJar(), applicationPrefix: '', parallelism: 1, only: ['user-activity.v1'] });

    // Act: first deploy
    const first = planDeployment(jobs, target.describe(), { allowStateReset: false });
    const running = await target.apply(first, jobs, buildDir);
    await running.stop();
    const afterFirst = target.describe();
    // A second deploy of the same build: nothing changed, but nothing runs either.
    const second = planDeployment(jobs, afterFirst, { allowStateReset: false });
    // The job's query changed its state shape.
    const changed = jobs.map((job) => ({ ...job, scriptHash: 'changed', stateHash: 'other-state' }));
    mkdirSync(join(root, 'checkpoints', 'user-activity.v1', 'chk-1'), { recursive: true });
    const guarded = planDeployment(changed, afterFirst, { allowStateReset: false });
    const reset = planDeployment(changed, afterFirst, { allowStateReset: true });
    const resetRun = await target.apply(reset, changed, buildDir);
    await resetRun.stop();

    // Assess
    expect(first.steps.map((step) => step.action)).toEqual(['create']);
    expect(lines[0]).toMatch(/^user-activity\.v1: RUNNING \(Flink job [0-9a-f]{32}, log /);
    expect(afterFirst.get('user-activity.v1')).toMatchObject({ status: 'READY', revision: 1, scriptHash: jobs[0]?.scriptHash, stateHash: jobs[0]?.stateHash });
    expect(second.steps.map((step) => step.action)).toEqual(['start']);
    expect(isBlocked(guarded)).toBe(true);
    expect(reset.steps[0]).toMatchObject({ action: 'update', restore: { kind: 'reset' } });
    expect(lines.some((line) => /^user-activity\.v1: state shape changed \(.+ -> other-state\); starting WITHOUT state/.test(line))).toBe(true);
    expect(readdirSync(join(root, 'checkpoints')).some((name) => name.startsWith('user-activity.v1.before-reset-'))).toBe(true);
    expect(existsSync(join(root, 'checkpoints', 'user-activity.v1', 'chk-1'))).toBe(false);
    expect(target.describe().get('user-activity.v1')).toMatchObject({ revision: 2, stateHash: 'other-state' });
  });
});
