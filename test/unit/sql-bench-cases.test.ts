import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_CASES, benchScript, median, selectCases } from '../../bench/sql-bench-cases.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { compileJob } from '../../sql/compiler/compile-job.js';
import { localTarget } from '../../sql/compiler/compile-target.js';
import { jobIdentity } from '../../sql/compiler/job-identity.js';

describe('the SQL bench cases', () => {
  it('has a hand-written INSERT for every case, into the sink the compiled script creates', () => {
    for (const benchCase of BENCH_CASES) {
      // Prepare
      const compiled = compileJob(benchCase.job, jobIdentity(`jobs/${benchCase.name}.ts`, 'v1'), localTarget({ kinesisEndpoint: 'http://localhost:4567' })).sql;

      // Act
      const handWritten = benchScript(benchCase, 'hand-written', compiled);

      // Assess
      expect(existsSync(join(REPO_ROOT, 'bench/handwritten', `${benchCase.name}.sql`)), benchCase.name).toBe(true);
      const setup = compiled.slice(0, compiled.indexOf('EXECUTE STATEMENT SET'));
      expect(handWritten.startsWith(setup), benchCase.name).toBe(true);
      expect(handWritten).toContain(`INSERT INTO ${benchCase.name.replace(/-/g, '_')}_v1__sink`);
      expect(handWritten).not.toMatch(/^--/m);
    }
  });

  it('picks the cases --cases names, in the bench order, and refuses an unknown one', () => {
    // Act
    const picked = selectCases('math, url-traffic');

    // Assess
    expect(picked.map((benchCase) => benchCase.name)).toEqual(['url-traffic', 'math']);
    expect(selectCases(undefined)).toBe(BENCH_CASES);
    expect(() => selectCases('url-trafic')).toThrow(/no case url-trafic; the cases are url-traffic, /);
  });

  it('takes the median of the runs', () => {
    // Assess
    expect(median([30, 10, 20])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });
});
