import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { compileAll } from '../../../sql/compiler/compile-all.js';
import { loadJobs } from '../../../sql/compiler/load-jobs.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';
import { JobFileError } from '../../../sql/errors.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/broken-jobs');

/** One broken job file per error message: the message names the file and says what is wrong. */
const CASES = [
  ['hop-slide', "test/fixtures/broken-jobs/hop-slide/page-views.ts: hop: size '1 min' must be a whole multiple of slide '25 s'"],
  [
    'duplicate-feature',
    "test/fixtures/broken-jobs/duplicate-feature/spend.ts: two output columns are named 'price_sum_1m'; rename one aggregation with .as('...')",
  ],
  [
    'reserved-column',
    "test/fixtures/broken-jobs/reserved-column/custom-source.ts: source 'orders': the column name 'event_time' is reserved (the compiler adds it); rename the column",
  ],
  ['zero-duration', "test/fixtures/broken-jobs/zero-duration/instant.ts: tumble size: '0 min' must be longer than zero"],
  ['zero-parallelism', 'test/fixtures/broken-jobs/zero-parallelism/idle.ts: scaling.parallelism must be a whole number from 1 to 256, got 0'],
  ['no-aggregations', 'test/fixtures/broken-jobs/no-aggregations/empty.ts: a job needs at least one aggregation'],
  [
    'bad-time-zone',
    "test/fixtures/broken-jobs/bad-time-zone/local-hours.ts: hourOfDay: 'EST5' is not an IANA time zone (e.g. 'UTC', 'Europe/Berlin', 'America/New_York')",
  ],
  [
    'filtered-trailing',
    "test/fixtures/broken-jobs/filtered-trailing/purchases.ts: trailing feature 'purchases_1h': filtered aggregates (.where) are not supported over trailing windows",
  ],
  [
    'rcf-without-ttl',
    "test/fixtures/broken-jobs/rcf-without-ttl/scores.ts: anomalyScore keeps a model per entity forever unless the job has a stateTtl (e.g. stateTtl: '7 d')",
  ],
  [
    'rcf-with-trailing',
    'test/fixtures/broken-jobs/rcf-with-trailing/scores.ts: anomalyScore and trailing cannot share a job: Flink computes every OVER aggregate of a query on one window; put the score in a job of its own',
  ],
  [
    'pattern-greedy-end',
    "test/fixtures/broken-jobs/pattern-greedy-end/carts.ts: sequence: it ends with `browsing`+, a greedy quantifier; Flink cannot end a pattern greedily: end with a variable matching one row, or make the last one reluctant",
  ],
  [
    'pattern-later-variable',
    "test/fixtures/broken-jobs/pattern-later-variable/carts.ts: define 'viewed': the condition reads 'carted', which comes later in the sequence and has no rows yet",
  ],
  [
    'pattern-distinct-measure',
    "test/fixtures/broken-jobs/pattern-distinct-measure/carts.ts: measure 'pages': DISTINCT aggregates are not supported in MATCH_RECOGNIZE",
  ],
  [
    'windowed-trailing-time',
    "test/fixtures/broken-jobs/windowed-trailing-time/rates.ts: trailing: trailing(1 h) follows event time but the job's tumble(1 min) windows follow processing time; the trailing window orders the job's rows by their window time, so both must follow the same",
  ],
  [
    'data-lake-partition-not-time',
    "test/fixtures/broken-jobs/data-lake-partition-not-time/daily-urls.ts: withDataLakeCopy partitionBy: 'url' must be a timestamp column of the job's output (e.g. window_start, event_time)",
  ],
  [
    'union-types-differ',
    "test/fixtures/broken-jobs/union-types-differ/spend-signals.ts: unionAll column 'value': part 1 gives DOUBLE, part 2 gives BIGINT; cast one to the other's type",
  ],
  [
    'temporal-join-first-row',
    "test/fixtures/broken-jobs/temporal-join-first-row/landing-as-of.ts: temporalJoin: versions 'landings' must be a latestRowPer table (a versioned table)",
  ],
] as const;

/** Job files the DSL accepts but the compiler refuses: the message names the file, the job and the cause. */
const COMPILE_CASES = [
  [
    'tables-named-alike',
    "test/fixtures/broken-jobs/tables-named-alike/app-clicks.ts (app-clicks.v1): two different tables are named 'clicks' (a source on stream 'raw' and a source on stream 'app-clicks'); a job can read only one table of a name",
  ],
] as const;

describe('broken job files', () => {
  it.each(CASES)('%s: fails with a message naming the file and the cause', async (fixture, message) => {
    // Act
    const error: unknown = await loadJobs(join(FIXTURES, fixture), REPO_ROOT).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(JobFileError);
    expect((error as Error).message).toBe(message);
  });

  it.each(COMPILE_CASES)('%s: loads, then compile-jobs fails naming the file, the job and the cause', async (fixture, message) => {
    // Act
    const error: unknown = await compileAll({ jobsDir: join(FIXTURES, fixture), repoRoot: REPO_ROOT, target: GOLDEN_TARGETS.local }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(JobFileError);
    expect((error as Error).message).toBe(message);
  });
});
