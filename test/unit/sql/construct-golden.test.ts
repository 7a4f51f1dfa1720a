import { join } from 'node:path';
import { describe, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { jobIdentity } from '../../../sql/compiler/job-identity.js';
import { validateScript } from '../../../sql/compiler/validate-sql.js';
import { printSql } from '../../../sql/printer/sql-printer.js';
import { CONSTRUCT_JOBS } from '../../support/construct-jobs.js';
import { expectGolden } from '../../support/golden.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/constructs');

function compileConstruct(name: string, target: (typeof GOLDEN_TARGETS)[keyof typeof GOLDEN_TARGETS]) {
  const construct = CONSTRUCT_JOBS[name];
  if (construct === undefined) throw new Error(`no construct ${name}`);
  return compileJob(construct(), jobIdentity('jobs/construct.ts', 'v1'), target);
}

describe('golden SQL per DSL construct', () => {
  it.each(Object.keys(CONSTRUCT_JOBS))('%s', (name) => {
    const compiled = compileConstruct(name, GOLDEN_TARGETS.local);
    // The parser reads it (in parts where it lacks a construct); Flink's planner is the integration test's.
    validateScript(compiled);
    // Everything but the table DDL, which the source-table golden below shows once.
    const statements = compiled.script.statements.filter((statement) => statement.kind !== 'CreateTableNode');
    expectGolden(join(GOLDEN_DIR, `${name}.sql`), statements.map((statement) => `${printSql(statement)}\n`).join('\n'));
  });

  it('source table: schema, event time, watermark and connector options per target', () => {
    for (const [targetName, target] of Object.entries(GOLDEN_TARGETS)) {
      const table = compileConstruct('window-tumble', target).script.statements.find((statement) => statement.kind === 'CreateTableNode');
      if (table === undefined) throw new Error('no source table');
      expectGolden(join(GOLDEN_DIR, `source-table.${targetName}.sql`), `${printSql(table)}\n`);
    }
  });
});
