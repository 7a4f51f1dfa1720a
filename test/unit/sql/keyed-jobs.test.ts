import { describe, expect, it } from 'vitest';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { jobIdentity } from '../../../sql/compiler/job-identity.js';
import { validateScript } from '../../../sql/compiler/validate-sql.js';
import { JobDefinitionError } from '../../../sql/errors.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';
import { keyedJobs } from '../../support/keyed-jobs.js';

/**
 * The keyed constructs the planner property test explains (test/integration/flink-explain-keys.test.ts), checked
 * without Flink: what the DSL refuses it refuses by name, and the rest compiles the same twice and parses.
 */
describe('every keyed construct with one key and with several', () => {
  const jobs = keyedJobs();

  it.each(jobs.filter((keyed) => keyed.refused !== undefined).map((keyed) => [keyed.name, keyed] as const))('%s: the DSL refuses it, naming why', (_name, keyed) => {
    // Act
    const error: unknown = (() => {
      try {
        keyed.job();
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as Error).message).toMatch(keyed.refused ?? /never/);
  });

  it('the others compile to the same SQL twice and pass the SQL validation, for both targets', () => {
    // Prepare
    const accepted = jobs.filter((keyed) => keyed.refused === undefined);

    // Act / Assess
    for (const { name, job } of accepted) {
      for (const target of Object.values(GOLDEN_TARGETS)) {
        const identity = jobIdentity(`jobs/${name}.ts`, 'v1');
        const first = compileJob(job(), identity, target);
        expect(compileJob(job(), identity, target).sql, name).toBe(first.sql);
        validateScript(first);
      }
    }
    expect(accepted.length).toBeGreaterThan(100);
  });
});
