/**
 * The job test kit: given these events, expect these rows, on the job's own Flink SQL (README "Testing a job").
 */
export { at, instant, timestamp, TEST_DAY } from './time.js';
export { eventsOf, rawRecord, watermark, referenceRows } from './steps.js';
export type { EventBuilder, RecordDefaults, Step } from './steps.js';
export { jobTest, JobTestError } from './job-test.js';
export type { JobUnderTest, RunOptions } from './job-test.js';
export { JobTestRun, RowMismatch } from './job-test-run.js';
export type { ExpectedRowOf, BehindWatermark, DeadLetterOfRun } from './job-test-run.js';
export { closeTo, oneOf } from './matchers.js';
export type { RowMatcher } from './matchers.js';
