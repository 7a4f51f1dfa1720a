import { describe, expect, it } from 'vitest';
import { JobTestError, jobTest } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { mistyped, slashes } from './flink-sql.js';

describe('flinkSql, the escape hatch, on the runner', () => {
  it('computes the Flink expression over the quoted column and constants', async () => {
    // Prepare
    const run = await jobTest(slashes, import.meta.url).run([click({ event_id: 'home', url: '/home' }), click({ event_id: 'deep', url: '/shop/shoes/running/trail-42' })]);

    // Assess: '/home' has one slash; '/shop/shoes/running/trail-42' four, and 28 characters (> 20).
    run.expectRows([
      { event_id: 'home', path_depth: 1, is_long_url: false },
      { event_id: 'deep', path_depth: 4, is_long_url: true },
    ]);
  });

  it('a declared type that is not what Flink computes fails the test, naming the column and both types', async () => {
    // Act
    const failure = await jobTest(mistyped, import.meta.url)
      .run([click()])
      .then(() => undefined, (error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(JobTestError);
    expect((failure as Error).message).toContain('path_depth: the query computes INT, the table declares STRING');
  });
});
