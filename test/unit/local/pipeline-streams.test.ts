import { describe, expect, it } from 'vitest';
import { chosenJobs, streamsOf } from '../../../local/pipeline/pipeline-run.js';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { compileAll } from '../../../sql/compiler/compile-all.js';
import { localTarget } from '../../../sql/compiler/compile-target.js';

describe('the streams of a pipeline run', () => {
  const compileForRun = (run: string) =>
    compileAll({
      jobsDir: `${REPO_ROOT}/jobs`,
      repoRoot: REPO_ROOT,
      target: localTarget({ kinesisEndpoint: 'http://127.0.0.1:4567', redisUrl: 'redis://127.0.0.1:6379', referenceDataRoot: 'file:///ref', dataLakeRoot: 'file:///lake', streamNames: (logical) => `${run}-${logical}` }),
    });

  it('are every stream the chosen jobs read or write, each named after the run', async () => {
    // Prepare
    const { manifest, compiled } = await compileForRun('run-7');

    // Act
    const every = streamsOf(manifest, chosenJobs(manifest, undefined));
    const scoredOnly = streamsOf(manifest, chosenJobs(manifest, ['user-activity.v1']));

    // Assess: click-dedupe writes a stream of its own, which a run must create too (it used to
    // restart forever on "Stream clicks-deduped not found").
    expect(every).toEqual(['raw', 'features', 'clicks-deduped']);
    expect(scoredOnly).toEqual(['raw', 'features']);
    const sql = compiled.map((job) => job.sql).join('\n');
    expect(sql).toContain("'stream' = 'run-7-clicks-deduped'");
    expect(sql).not.toMatch(/'stream' = '(raw|features|clicks-deduped)'/);
  });
});
