import type { JoinJob } from './join-job.js';
import type { UnionJob } from './union-job.js';
import type { DedupeJob } from './dedupe-job.js';
import type { EventFeaturesJob } from './event-features-job.js';
import type { WindowedAggregationJob } from './job.js';
import type { PatternJob } from './pattern-job.js';

/** Every kind of job a file in jobs/ can export; `jobType` tells them apart. */
export type Job<Row = unknown> = WindowedAggregationJob<Row> | EventFeaturesJob<Row> | DedupeJob<Row> | PatternJob<Row> | JoinJob<Row> | UnionJob<Row>;

/** The kinds of job that read a single source (`job.source`). */
export type SingleSourceJobKind = Exclude<Job, JoinJob | UnionJob>;
