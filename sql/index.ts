/**
 * The job DSL: everything a file in jobs/ imports. Nothing here talks to AWS; compiling a job is a
 * pure function from its declaration to Flink SQL.
 */
export { t, nullable } from './schema/column-types.js';
export type { Duration } from './schema/duration.js';
export { source } from './dsl/source.js';
export type { RecordOf, Source } from './dsl/source.js';
export { tumble, hop, session, cumulate } from './dsl/windows.js';
export { count, countDistinct, sum, avg, min, max, stddev, variance, first, last, approxPercentile } from './dsl/aggregates.js';
export { plus, minus, times, divide, mod, and, or, not } from './dsl/operators.js';
export { flinkSql } from './dsl/flink-sql.js';
export { abs, sign, floor, ceil, round, sqrt, ln, log10, log, exp, power, sin, cos, pi } from './dsl/math-functions.js';
export { job } from './dsl/job.js';
export { eventFeatures } from './dsl/event-features-job.js';
export { dedupe } from './dsl/dedupe-job.js';
export { pattern, oneOrMore, zeroOrMore, optional, repeat } from './dsl/pattern-job.js';
export { intervalJoin, join, temporalJoin } from './dsl/join-job.js';
export { firstRowPer, latestRowPer } from './dsl/keyed-table.js';
export { unionAll, unionPart } from './dsl/union-job.js';
export type { Job } from './dsl/job-kinds.js';
export { trailing, trailingRows, zScore } from './dsl/trailing.js';
export { referenceTable, redisStore, fileStore } from './dsl/reference-table.js';
export type { ReferenceTable } from './dsl/reference-table.js';
export { lookup } from './dsl/lookup.js';
export { randomCutForest } from './dsl/random-cut-forest.js';
export { withRules, threshold, rateSpike } from './dsl/rules.js';
export { keepRows } from './dsl/keep-rows.js';
export { withDataLakeCopy } from './dsl/data-lake.js';
export { coalesce, lower, upper, cast, tryCast, caseWhen, addDuration, secondsBetween, constant } from './dsl/functions.js';
export { hourOfDay, dayOfWeek, minute, second, dayOfMonth, month, year, weekOfYear, truncateTo } from './dsl/time-functions.js';
export type { TruncateUnit } from './dsl/time-functions.js';
export { dateFormat } from './dsl/date-format.js';
export { concat, substring, length, trim, replace, splitIndex, like, md5, sha256 } from './dsl/string-functions.js';
export { regexpExtract, regexpReplace } from './dsl/regexp-functions.js';
export { jsonValue } from './dsl/json-functions.js';
export { isIn, between, nullif, greatest, least } from './dsl/comparison-functions.js';
