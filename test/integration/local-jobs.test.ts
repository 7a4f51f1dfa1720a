import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { REFERENCE_DIR } from '../../local/reference-data.js';
import { REPO_ROOT } from '../../local/services/cache-paths.js';
import { startLocalJobs } from '../../local/flink-runner/local-jobs.js';
import { isProcessGroupAlive } from '../../local/services/managed-process.js';
import { ServiceStartError } from '../../local/services/service-errors.js';
import { compileAll, writeBuild } from '../../sql/compiler/compile-all.js';
import { localTarget } from '../../sql/compiler/compile-target.js';

/** The library deploy-jobs --target local and npm start use to run compiled jobs on embedded Flink. */
describe('startLocalJobs', () => {
  const { kinesis, redis } = inject('services');

  async function build(): Promise<string> {
    const buildDir = mkdtempSync(join(tmpdir(), 'local-jobs-'));
    writeBuild(
      buildDir,
      await compileAll({
        jobsDir: join(REPO_ROOT, 'jobs'),
        repoRoot: REPO_ROOT,
        target: localTarget({
          kinesisEndpoint: kinesis.endpoint,
          redisUrl: redis.url,
          referenceDataRoot: pathToFileURL(REFERENCE_DIR).href,
          dataLakeRoot: pathToFileURL(join(buildDir, 'data-lake')).href,
        }),
      }),
    );
    return buildDir;
  }

  it('starts the chosen jobs with a status line and a log each, and stops them', async () => {
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
    const pids = running.jobs.map((job) => job.process.pid);
    await running.stop();

    // Assess: jobs start in manifest order (sorted by name).
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^click-dedupe\.v1: RUNNING \(Flink job [0-9a-f]{32}, log .*click-dedupe\.v1\.log\)$/);
    expect(lines[1]).toMatch(/^user-activity\.v1: RUNNING \(Flink job [0-9a-f]{32}, log .*user-activity\.v1\.log\)$/);
    expect(running.jobs.every((job) => existsSync(job.logPath))).toBe(true);
    expect(pids.filter(isProcessGroupAlive)).toEqual([]);
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
