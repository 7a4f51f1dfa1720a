import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { createStream } from '../../local/services/kinesis-streams.js';
import { localKinesisClient } from '../../common/aws-clients.js';
import { REFERENCE_DIR } from '../../common/reference-files.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { startLocalJobs } from '../../runner/local-jobs.js';
import { ensureRunnerJar } from '../../runner/runner-jar.js';
import { isProcessGroupAlive, ManagedProcess } from '../../common/process/managed-process.js';
import { ServiceStartError } from '../../local/services/service-errors.js';
import { compileAll, writeBuild } from '../../sql/compiler/compile-all.js';
import { localTarget } from '../../sql/compiler/compile-target.js';
import { uniqueName } from '../support/unique-name.js';

function completedCheckpoints(folder: string): number {
  return existsSync(folder) ? (readdirSync(folder, { recursive: true }) as string[]).filter((file) => file.endsWith('_metadata')).length : 0;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** The library deploy-jobs --target local and npm start use to run compiled jobs on embedded Flink. */
describe('startLocalJobs', () => {
  const { kinesis, redis } = inject('services');

  async function build(streamNames: Record<string, string> = {}): Promise<string> {
    const buildDir = mkdtempSync(join(tmpdir(), 'local-jobs-'));
    writeBuild(
      buildDir,
      await compileAll({
        jobsDir: join(REPO_ROOT, 'jobs'),
        repoRoot: REPO_ROOT,
        target: localTarget({
          kinesisEndpoint: kinesis.endpoint,
          streamNames,
          redisUrl: redis.url,
          referenceDataRoot: pathToFileURL(REFERENCE_DIR).href,
          dataLakeRoot: pathToFileURL(join(buildDir, 'data-lake')).href,
        }),
      }),
    );
    return buildDir;
  }

  it('starts the chosen jobs in one runner with a status line each, and stops them', async () => {
    // Prepare
    const buildDir = await build();
    const lines: string[] = [];

    // Act
    const running = await startLocalJobs({
      buildDir,
      jobs: ['user-activity.v1', 'click-dedupe.v1'],
      checkpointsDir: join(buildDir, 'checkpoints'),
      logsDir: join(buildDir, 'logs'),
      log: (line) => lines.push(line),
    });
    const { pid } = running.process;
    await running.stop();

    // Assess: jobs start in manifest order (sorted by name), two Flink jobs of one runner.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^click-dedupe\.v1: RUNNING \(Flink job [0-9a-f]{32}, log .*flink-runner\.log\)$/);
    expect(lines[1]).toMatch(/^user-activity\.v1: RUNNING \(Flink job [0-9a-f]{32}, log .*flink-runner\.log\)$/);
    expect(new Set(running.jobs.map((job) => job.flinkJobId)).size).toBe(2);
    expect(existsSync(running.logPath)).toBe(true);
    expect(isProcessGroupAlive(pid)).toBe(false);
  });

  it('checkpoints each job into its own folder, and a restarted runner restores each from its own', { timeout: 240_000 }, async () => {
    // Prepare: the two jobs' streams, so that they run and checkpoint.
    const streams = { raw: uniqueName('raw'), features: uniqueName('features'), 'clicks-deduped': uniqueName('clicks-deduped') };
    const client = localKinesisClient(kinesis);
    await Promise.all(Object.values(streams).map((stream) => createStream(client, stream)));
    client.destroy();
    const buildDir = await build(streams);
    const checkpointsDir = join(buildDir, 'checkpoints');
    const options = { buildDir, jobs: ['user-activity.v1', 'click-dedupe.v1'], checkpointsDir, logsDir: join(buildDir, 'logs'), log: () => undefined, checkpointIntervalMs: 1_000 };
    const first = await startLocalJobs(options);
    try {
      await until(() => options.jobs.every((job) => completedCheckpoints(join(checkpointsDir, job)) > 0), 60_000, 'a completed checkpoint of each job');
    } finally {
      await first.stop();
    }

    // Act
    const lines: string[] = [];
    const second = await startLocalJobs({ ...options, log: (line) => lines.push(line) });
    await second.stop();

    // Assess
    expect(lines.map((line) => line.replace(/Flink job [0-9a-f]+/, 'Flink job ID').replace(/, log .*/, ''))).toEqual(['click-dedupe.v1: RUNNING (Flink job ID, restored from checkpoint', 'user-activity.v1: RUNNING (Flink job ID, restored from checkpoint']);
    expect(second.process.logTail(1_000)).toContain(`restoring ${join(buildDir, 'user-activity.v1.sql')} from checkpoint ${join(checkpointsDir, 'user-activity.v1')}/`);
  });

  it('the runner exits 1 naming the script when a job fails, rather than running on without it', { timeout: 180_000 }, async () => {
    // Prepare: user-activity compiled for a raw stream that does not exist; without --checkpoints
    // Flink does not restart a failed job, so the failure reaches the runner.
    const buildDir = await build({ raw: uniqueName('missing-raw') });
    const script = join(buildDir, 'user-activity.v1.sql');

    // Act
    const runner = ManagedProcess.start({ name: 'runner', command: 'java', args: ['-jar', ensureRunnerJar(), 'run', script, '--parallelism', '1'], logPath: join(buildDir, 'runner.log') });
    const exit = await Promise.race([runner.exited, sleep(150_000).then(() => 'still running after 150 s')]);
    await runner.stop(5_000);

    // Assess
    expect(exit).toEqual({ code: 1, signal: null });
    expect(runner.logTail(400)).toContain(`${script}: the Flink job failed: `);
    expect(runner.logTail(400)).toMatch(/failed: .*ResourceNotFoundException.*missing-raw/);
  });

  it('refuses a job the manifest does not have, naming it', async () => {
    // Act
    const error: unknown = await startLocalJobs({
      buildDir: await build(),
      jobs: ['user-activty.v1'],
      checkpointsDir: tmpdir(),
      logsDir: tmpdir(),
      log: () => undefined,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toBe('flink jobs failed to start: not in the manifest: user-activty.v1');
  });
});
