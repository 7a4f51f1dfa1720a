import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` needs no services; `jobs` runs the job tests beside each job (jobs/*.test.ts, and
 * test/constructs/*.test.ts beside jobs that show one DSL construct each) on one
 * runner test server for the run (job-test-kit/global-setup.ts); `integration` starts the real services once
 * per run in a global setup (see test/integration/global-setup.ts) and stops them when the run ends.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/cdk/**/*.test.ts'],
          // A guard against a hang, not a speed check: synthesizing the CDK app (esbuild bundles) or compiling every
          // job takes a second or two on an idle machine and over 5 s (vitest's default) on a busy one.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'jobs',
          include: ['jobs/**/*.test.ts', 'test/job-test-kit/**/*.test.ts', 'test/constructs/**/*.test.ts', 'test/dsl/**/*.test.ts'],
          globalSetup: ['job-test-kit/global-setup.ts'],
          // A guard against a hang: a job test waits for its job to reach the end of its input, never for a time.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
