import type { TestProject } from 'vitest/node';
import { startJobTestServer } from './job-test-server.js';

/**
 * The `jobs` test project's setup: one runner test server (one JVM, one embedded Flink) for every job test
 * of the run. Each run's files go to a folder of its own (`.cache/job-tests/<job>/<pid>-<n>`), so two test runs
 * in one checkout never touch each other's.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.JOB_TEST_SERVER;
  if (given !== undefined) {
    console.log(`[job-test] using the runner test server at ${given} (JOB_TEST_SERVER)`);
    project.provide('jobTestServer', given);
    return () => undefined;
  }
  const started = Date.now();
  const server = await startJobTestServer();
  console.log(`[job-test] runner test server ready in ${((Date.now() - started) / 1000).toFixed(1)} s (log ${server.logPath})`);
  project.provide('jobTestServer', server.url);
  return server.stop;
}
