import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { compileJob } from '../../sql/compiler/compile-job.js';
import { jobIdentity } from '../../sql/compiler/job-identity.js';
import { ensureRunnerJar } from '../../runner/runner-jar.js';
import { GOLDEN_TARGETS } from '../support/golden-targets.js';
import { KEY_SETS, keyedJobs, WINDOWED_VARIANTS } from '../support/keyed-jobs.js';

/**
 * Every keyed construct with one key and with several, planned by Flink 1.19 (the runner's `explain`): windows
 * (tumble, hop, session, cumulate; event and processing time) x variants (plain, where, top-N with and without
 * tie-breakers, ties kept by rank, trailing features, data-lake copy) x 1, 2 and 3 keys, and the other kinds that
 * take keys. A session window over two keys once compiled to SQL the planner refused while compile-jobs accepted
 * it; here every combination goes through the planner, for both targets, in one JVM.
 */
describe('Flink planner accepts every keyed construct with one key and with several', () => {
  let jar = '';
  beforeAll(() => {
    jar = ensureRunnerJar();
  }, 600_000);

  it('windowed jobs over every window and variant, dedupe, per-event features, patterns and joins, for the local and AWS targets', () => {
    // Prepare: what the DSL refuses on purpose is left out (test/unit/sql/keyed-jobs.test.ts checks it refuses each,
    // naming why).
    const all = keyedJobs();
    const refused = all.filter((keyed) => keyed.refused !== undefined);
    const jobs = all.filter((keyed) => keyed.refused === undefined);
    // Per key set: 4 window kinds x 2 times x 7 variants, less cumulate with trailing (2) and the 3 top-N variants
    // over processing time (4 x 3). Then 3 dedupes; 3 columns x (4 per-event + 2 pattern jobs); 2 columns x 3 joins.
    expect(refused).toHaveLength(KEY_SETS.length * (2 + 4 * 3));
    expect(jobs).toHaveLength(KEY_SETS.length * (4 * 2 * WINDOWED_VARIANTS.length - 2 - 4 * 3) + 3 + 3 * 6 + 2 * 3);
    const folder = mkdtempSync(join(tmpdir(), 'explain-keys-'));
    const files = new Map<string, string>();
    for (const [targetName, target] of Object.entries(GOLDEN_TARGETS)) {
      for (const { name, job } of jobs) {
        const file = join(folder, `${name}.${targetName}.sql`);
        writeFileSync(file, compileJob(job(), jobIdentity(`jobs/${name}.ts`, 'v1'), target).sql);
        files.set(file, `${name} (${targetName})`);
      }
    }

    // Act: one JVM for every file.
    const started = Date.now();
    const result = spawnSync('java', ['-jar', jar, 'explain', ...files.keys()], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const output = `${result.stdout}${result.stderr}`;
    console.info(`explained ${String(files.size)} compiled jobs in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Assess: each refusal named by its combination, with Flink's reason.
    const plannerRefused = output
      .split('\n')
      .filter((line) => line.startsWith('FAILED'))
      .map((line) => {
        const file = [...files.keys()].find((path) => line.includes(path));
        return file === undefined ? line : `${files.get(file) ?? file}: ${line.slice(line.indexOf(file) + file.length + 2)}`;
      });
    expect(plannerRefused, plannerRefused.join('\n')).toEqual([]);
    expect(output, output.slice(-4000)).toContain(`explain: ${String(files.size)} passed, 0 failed`);
    expect(result.status).toBe(0);
  }, 900_000);
});
