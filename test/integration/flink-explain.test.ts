import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { compileAll } from '../../sql/compiler/compile-all.js';
import { compileJob } from '../../sql/compiler/compile-job.js';
import { jobIdentity } from '../../sql/compiler/job-identity.js';
import { CONSTRUCT_JOBS } from '../support/construct-jobs.js';
import { GOLDEN_TARGETS } from '../support/golden-targets.js';
import { ensureRunnerJar } from '../../runner/runner-jar.js';

/**
 * The real Flink planner (the runner's `explain` mode, Flink 1.19) accepts every compiled job and
 * every DSL construct, for both targets: what node-sql-parser cannot check, Flink does.
 */
describe('Flink planner accepts the generated SQL', () => {
  let jar = '';
  beforeAll(() => {
    jar = ensureRunnerJar();
  }, 600_000);

  function explain(files: readonly string[]): { status: number | null; output: string } {
    const result = spawnSync('java', ['-jar', jar, 'explain', ...files], { cwd: REPO_ROOT, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('every job in jobs/ and every construct, for the local and AWS targets', async () => {
    // Prepare: full scripts, as the runner receives them.
    const folder = mkdtempSync(join(tmpdir(), 'explain-'));
    const files: string[] = [];
    for (const [targetName, target] of Object.entries(GOLDEN_TARGETS)) {
      const jobs = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });
      for (const compiled of jobs.compiled) files.push(write(folder, `${compiled.identity.name}.${targetName}.sql`, compiled.sql));
      for (const [name, construct] of Object.entries(CONSTRUCT_JOBS)) {
        files.push(write(folder, `construct-${name}.${targetName}.sql`, compileJob(construct(), jobIdentity('jobs/construct.ts', 'v1'), target).sql));
      }
    }

    // Act
    const { status, output } = explain(files);

    // Assess
    expect(output, output).toContain(`explain: ${files.length} passed, 0 failed`);
    expect(status).toBe(0);
  });

  it('reports a statement Flink rejects with its number, its first line and the reason', () => {
    // Prepare: a window on a column that is not a time attribute.
    const folder = mkdtempSync(join(tmpdir(), 'explain-bad-'));
    const bad = write(
      folder,
      'bad.sql',
      [
        "CREATE TEMPORARY TABLE `t` (`a` STRING, `n` BIGINT) WITH ('connector' = 'datagen');",
        "CREATE TEMPORARY TABLE `s` (`a` STRING, `c` BIGINT) WITH ('connector' = 'blackhole');",
        'EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `s`\nSELECT `a`, COUNT(*) FROM TABLE(TUMBLE(TABLE `t`, DESCRIPTOR(`n`), INTERVAL \'1\' MINUTE)) GROUP BY `a`, `window_start`, `window_end`;\nEND;',
      ].join('\n\n'),
    );

    // Act
    const { status, output } = explain([bad]);

    // Assess
    expect(status).toBe(1);
    expect(output).toMatch(/FAILED {2}.*bad\.sql: statement 3 \(EXECUTE STATEMENT SET\) failed: .*time attribute/);
    expect(output).toContain('explain: 0 passed, 1 failed');
  });

  it("fails a job whose declared column type is not the type Flink computes, naming the column and both types", () => {
    // Prepare: BIGINT / INT is a BIGINT in Flink (integer division), but the table says DOUBLE, which
    // Flink's planner alone accepts (a BIGINT casts to DOUBLE implicitly) while the fraction is lost.
    const folder = mkdtempSync(join(tmpdir(), 'explain-types-'));
    const drifted = write(
      folder,
      'drifted.sql',
      [
        "CREATE TEMPORARY TABLE `t` (`a` STRING, `n` BIGINT) WITH ('connector' = 'datagen');",
        "CREATE TEMPORARY TABLE `s` (`a` STRING, `seconds` DOUBLE) WITH ('connector' = 'blackhole');",
        'EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `s`\nSELECT `a`, `n` / 1000 FROM `t`;\nEND;',
      ].join('\n\n'),
    );

    // Act
    const { status, output } = explain([drifted]);

    // Assess
    expect(status).toBe(1);
    expect(output).toContain("a column's declared type is not the type Flink computes");
    expect(output).toContain('s.seconds: the query computes BIGINT, the table declares DOUBLE');
  });

  it('has the csv format, for CSV sources and sinks', () => {
    // Prepare: planning a filesystem table resolves its format factory, which fails when the jar lacks it.
    const folder = mkdtempSync(join(tmpdir(), 'explain-csv-'));
    const csv = write(
      folder,
      'csv.sql',
      [
        `CREATE TEMPORARY TABLE \`zips\` (\`zip\` STRING, \`city\` STRING) WITH ('connector' = 'filesystem', 'path' = 'file://${folder}/zips', 'format' = 'csv');`,
        `CREATE TEMPORARY TABLE \`out\` (\`zip\` STRING, \`city\` STRING) WITH ('connector' = 'filesystem', 'path' = 'file://${folder}/out', 'format' = 'csv');`,
        'EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `out`\nSELECT `zip`, UPPER(`city`) FROM `zips`;\nEND;',
      ].join('\n\n'),
    );

    // Act
    const { status, output } = explain([csv]);

    // Assess
    expect(output, output).toContain('explain: 1 passed, 0 failed');
    expect(status).toBe(0);
  });
});

function write(folder: string, name: string, sql: string): string {
  const path = join(folder, name);
  writeFileSync(path, sql);
  return path;
}
