import { count, job, tumble } from '../../sql/index.js';
import type { WindowedAggregationJob } from '../../sql/dsl/job.js';
import { clicks } from '../../jobs/sources.js';

const ranked = job({ from: clicks, keys: ['url'], window: tumble('1 min'), aggregations: () => [count()], top: { n: 3, by: 'event_count_1m' } });

/**
 * A job Flink's planner refuses, for the kit's own test: the DSL refuses every such job it knows of (the planner
 * property test, test/integration/flink-explain-keys.test.ts, keeps it so), so this one is made by hand past
 * the DSL's check. `job()` refuses a Top-N over processing-time windows (Flink 1.19 has no processing-time
 * window Top-N); the same job with its window swapped for one afterwards compiles, and the planner refuses it.
 */
export const v1: WindowedAggregationJob<typeof ranked.Row> = { ...ranked, window: tumble('1 min', { time: 'processing' }) };
