import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { jobTestFiles, jobTestTarget } from '../../../job-test-kit/test-target.js';
import { scriptNode, type ScriptNode } from '../../../sql/ast/script-node.js';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { loadJobs } from '../../../sql/compiler/load-jobs.js';
import { printSql } from '../../../sql/printer/sql-printer.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';

/** The script with every table's WITH options emptied: what is left is the job's SQL itself. */
function withoutTableOptions(script: ScriptNode): string {
  return printSql(scriptNode(script.statements.map((statement) => (statement.kind === 'CreateTableNode' ? { ...statement, options: [] } : statement))));
}

describe('the job test target', () => {
  it('compiles every job to its deployed SQL with only the tables’ connector options swapped', async () => {
    // Prepare
    const jobs = await loadJobs(join(REPO_ROOT, 'jobs'), REPO_ROOT);
    const target = jobTestTarget(jobTestFiles('/tmp/job-test'));

    // Act
    const pairs = jobs.map(({ job, identity }) => ({ deployed: compileJob(job, identity, GOLDEN_TARGETS.local), tested: compileJob(job, identity, target) }));

    // Assess
    expect(pairs.length).toBeGreaterThan(10);
    for (const { deployed, tested } of pairs) {
      expect(withoutTableOptions(tested.script)).toBe(withoutTableOptions(deployed.script));
      expect(tested.sql).not.toBe(deployed.sql);
      expect(tested.sql).not.toContain("'connector' = 'kinesis'");
    }
  });

  it('decodes and encodes records with the Kinesis tables’ own format options, and dead-letters what the job cannot read alike', () => {
    // Prepare
    const target = jobTestTarget(jobTestFiles('/tmp/job-test'));
    const deployed = GOLDEN_TARGETS.local;
    const read = { stream: 'raw', consumer: 'c', job: 'c.v1', requiredColumns: ['user_id'] };
    const formatOf = (options: readonly (readonly [string, string])[]) => options.filter(([key]) => ['format', 'dead-letter.job', 'dead-letter.required-columns'].includes(key) || key.startsWith('json.'));

    // Act / Assess
    expect(formatOf(target.sourceOptions(read))).toEqual(formatOf(deployed.sourceOptions(read)));
    expect(formatOf(target.sinkOptions('features'))).toEqual(formatOf(deployed.sinkOptions('features')));
  });
});
