import type { DedupeJob } from './dedupe-job.js';
import type { EventFeaturesJob } from './event-features-job.js';
import type { WindowedAggregationJob } from './job.js';
import type { PatternJob } from './pattern-job.js';
import type { IntervalJoinJob } from './interval-join-job.js';

/** Every kind of job a file in jobs/ can export; `jobType` tells them apart. */
export type Job<Row = unknown> = WindowedAggregationJob<Row> | EventFeaturesJob<Row> | DedupeJob<Row> | PatternJob<Row> | IntervalJoinJob<Row>;
