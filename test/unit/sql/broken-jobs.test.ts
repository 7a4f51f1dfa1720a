import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { compileAll } from '../../../sql/compiler/compile-all.js';
import { loadJobs } from '../../../sql/compiler/load-jobs.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';
import { JobFileError, JobFilesError } from '../../../sql/errors.js';

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
    'top-processing-time',
    "test/fixtures/broken-jobs/top-processing-time/busiest-pages.ts: top: Flink 1.19 ranks the rows of event-time windows only (\"Processing time Window TopN is not supported yet\"), and the job's tumble(1 min) windows follow processing time; use an event-time window (the default)",
  ],
  [
    'top-then-by-repeated',
    "test/fixtures/broken-jobs/top-then-by-repeated/busiest-pages.ts: top.thenBy 'event_count_1m' is already ranked by (top.by or an earlier thenBy); name each column once",
  ],
  [
    'temporal-join-first-row',
    "test/fixtures/broken-jobs/temporal-join-first-row/landing-as-of.ts: temporalJoin: versions 'landings' must be a latestRowPer table (a versioned table)",
  ],
  ['bad-regex', "test/fixtures/broken-jobs/bad-regex/product-ids.ts: regexpExtract: the regular expression '^/products/(\\d+' is not valid: Unterminated group"],
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

/** A job file of a temporary jobs folder, importing the DSL and the shared sources from this repository. */
function jobFile(body: string): string {
  return [
    `import { count, hop, intervalJoin, job, source, t, tumble } from ${JSON.stringify(join(REPO_ROOT, 'sql/index.js'))};`,
    `import { clicks } from ${JSON.stringify(join(REPO_ROOT, 'jobs/sources.js'))};`,
    body,
  ].join('\n');
}

const GOOD = "export const v1 = job({ from: clicks, keys: ['url'], window: tumble('1 min'), aggregations: () => [count()] });";

/** One folder, one good job and one broken file of each kind: what compile-jobs must report in a single run. */
const MIXED_FOLDER = {
  'page-counts.ts': GOOD,
  // Does not parse: the job's call is never closed.
  'half-written.ts': "export const v1 = job({ from: clicks, keys: ['url'],",
  // Parses, but the DSL refuses the job while the file runs (a JobDefinitionError).
  'hop-slide.ts': "export const v1 = job({ from: clicks, keys: ['url'], window: hop({ size: '1 min', slide: '25 s' }), aggregations: () => [count()] });",
  // Runs, but throws something that is not the DSL's (a plain TypeError while building the job).
  'no-source.ts': "const missing = undefined as unknown as { columns: object };\nexport const v1 = Object.keys(missing.columns);",
  // Loads, but the compiler refuses the job: two tables named 'clicks'.
  'app-clicks.ts': `const appClicks = source({ name: 'clicks', stream: 'app-clicks', columns: { user_id: t.string(), screen: t.string(), ts: t.bigint() }, eventTime: { column: 'ts', watermarkDelay: '5 s' } });
export const v1 = intervalJoin({
  left: { from: clicks, as: 'web' },
  right: { from: appClicks, as: 'app' },
  key: ['user_id', 'user_id'],
  within: { before: '10 min', after: '10 min' },
  select: ({ web, app }) => ({ user_id: web.user_id, url: web.url, screen: app.screen }),
  partitionBy: 'user_id',
});`,
  // A good job whose name clashes with page-counts.v1 once made a SQL name (page_counts_v1).
  'page_counts.ts': GOOD,
} as const;

describe('a jobs folder with several broken files', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  /** `<tmp>/jobs/<file>` for each file; the tmp folder stands for the repository root, so files read `jobs/<file>`. */
  function jobsFolder(files: Readonly<Record<string, string>>): { root: string; jobsDir: string } {
    const root = mkdtempSync(join(tmpdir(), 'broken-jobs-'));
    folders.push(root);
    const jobsDir = join(root, 'jobs');
    mkdirSync(jobsDir);
    for (const [name, body] of Object.entries(files)) writeFileSync(join(jobsDir, name), jobFile(body));
    return { root, jobsDir };
  }

  it('compile-jobs names every broken file with its own reason in one run, and not the good job', async () => {
    // Prepare
    const { root, jobsDir } = jobsFolder(MIXED_FOLDER);

    // Act
    const error: unknown = await compileAll({ jobsDir, repoRoot: root, target: GOLDEN_TARGETS.local }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(JobFilesError);
    const { problems, message } = error as JobFilesError;
    expect(problems).toEqual([
      {
        file: 'jobs/app-clicks.ts',
        job: 'app-clicks.v1',
        cause: "two different tables are named 'clicks' (a source on stream 'raw' and a source on stream 'app-clicks'); a job can read only one table of a name",
      },
      // The transpiler's own words and code frame (vitest's differs from tsx's), with the line that does not parse.
      { file: 'jobs/half-written.ts', cause: expect.stringMatching(/Expected .}. but found[^]*export const v1 = job\(\{ from: clicks, keys: \['url'\],/) as unknown },
      { file: 'jobs/hop-slide.ts', cause: "hop: size '1 min' must be a whole multiple of slide '25 s'" },
      { file: 'jobs/no-source.ts', cause: expect.stringMatching(/^TypeError: Cannot read properties of undefined \(reading 'columns'\)/) as unknown },
      {
        file: 'jobs/page_counts.ts',
        job: 'page_counts.v1',
        cause:
          "clashes with page-counts.v1 (jobs/page-counts.ts): tables, Kinesis consumers and build files are named after the job ('page_counts_v1': '-' and '.' become '_', and some disks ignore case), so the two would share them; rename one of the files or exports",
      },
    ]);
    // One line per problem under a count of the files, each line `file: cause` or `file (job): cause`.
    expect(message.split('\n')[0]).toBe('5 broken job files:');
    for (const { file, job, cause } of problems) expect(message).toContain(`\n  ${file}${job === undefined ? '' : ` (${job})`}: ${cause.split('\n')[0] ?? ''}`);
    // No stack trace: the causes are for the author, not a debugger.
    expect(message).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  });

  it('loading alone lists every file that does not load, without stopping at the first', async () => {
    // Prepare
    const { root, jobsDir } = jobsFolder({ 'page-counts.ts': GOOD, 'half-written.ts': MIXED_FOLDER['half-written.ts'], 'hop-slide.ts': MIXED_FOLDER['hop-slide.ts'] });

    // Act
    const error: unknown = await loadJobs(jobsDir, root).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(JobFilesError);
    expect((error as JobFilesError).problems.map(({ file }) => file)).toEqual(['jobs/half-written.ts', 'jobs/hop-slide.ts']);
  });

  it('the good job of that folder compiles on its own (the broken files are what fails)', async () => {
    // Prepare
    const { root, jobsDir } = jobsFolder({ 'page-counts.ts': GOOD });

    // Act
    const result = await compileAll({ jobsDir, repoRoot: root, target: GOLDEN_TARGETS.local });

    // Assess
    expect(result.manifest.jobs.map(({ name, file }) => [name, file])).toEqual([['page-counts.v1', 'jobs/page-counts.ts']]);
  });
});
