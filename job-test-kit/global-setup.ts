import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { JOB_TEST_FOLDER } from './job-test.js';
import { startJobTestServer } from './job-test-server.js';

/**
 * The `jobs` test project's setup: one runner test server (one JVM, one embedded Flink) for every job test
 * of the run, and a clean folder for their files.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  rmSync(JOB_TEST_FOLDER, { recursive: true, force: true });
  const started = Date.now();
  const server = await startJobTestServer();
  console.log(`[job-test] runner test server ready in ${((Date.now() - started) / 1000).toFixed(1)} s (log ${server.logPath})`);
  project.provide('jobTestServer', server.url);
  return server.stop;
}
