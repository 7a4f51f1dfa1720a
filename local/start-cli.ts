/**
 * npm start [-- --events 30000 --duration 60s | --rate 500] [--keep-running] [--report <path>]
 *
 * The whole pipeline on this machine with real services: generated clicks into Elasticsearch, the
 * producer, the Flink job(s) feeding the enricher, the enricher with Redis and the model server, and
 * DynamoDB. Prints progress per hop, then a summary, and writes an HTML run report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { duration } from '../producer/config.js';
import { CliUsageError, parseCliOptions } from '../common/cli-options.js';
import { runPipeline, type PipelineProgress } from './pipeline/pipeline-run.js';
import { renderRunReport } from './pipeline/run-report.js';
import { progressLine, summaryLines } from './pipeline/run-summary.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import { runCli, untilInterrupted } from '../common/cli-runner.js';
import { startServices } from './services/service-manager.js';
import { SERVICE_NAMES } from './services/service-types.js';

const USAGE = `usage: npm start -- [options]
  --events <n>          clicks to generate (default: 333/s for the duration, 20000 in the default minute;
                        give any two of events, rate, duration)
  --rate <n>            clicks per second into Elasticsearch (default: events / duration)
  --duration <time>     how long generating takes, e.g. 60s or 2min (default 60s)
  --malformed <share>   share of documents broken beyond repair (default 0.01)
  --seed <n>            same seed, same clickstream (default 1)
  --jobs <a,b,...>      the Flink jobs to run (default: every job in jobs/; must include user-activity.v1,
                        whose rows the enricher scores)
  --settle <time>       after the last click: give up when nothing moved for this long (default 90s)
  --keep-running        leave the pipeline running after the summary, until Ctrl-C
  --report <path>       the HTML run report (default reports/run-<time>.html; its data beside it as .json)`;

/** Clicks per minute when neither --events nor --rate is given. */
const DEFAULT_EVENTS = 20_000;

/** The producer's duration flags (`60s`, `2min`, `500ms`), in seconds. */
const seconds = duration.transform((millis) => millis / 1000);

const optionsSchema = z.object({
  events: z.coerce.number().int().min(1).optional(),
  rate: z.coerce.number().positive().optional(),
  duration: seconds.optional(),
  malformed: z.coerce.number().min(0).max(1).default(0.01),
  seed: z.coerce.number().int().default(1),
  jobs: z.string().min(1).transform((list) => list.split(',').map((name) => name.trim()).filter((name) => name !== '')).optional(),
  settle: seconds.default(90),
  'keep-running': z.boolean().default(false),
  report: z.string().min(1).optional(),
});

function parseOptions(argv: readonly string[]) {
  const options = parseCliOptions(argv, optionsSchema, USAGE, ['keep-running']);
  const { events, rate, duration } = options;
  if (events !== undefined && rate !== undefined && duration !== undefined) throw new CliUsageError(`give at most two of --events, --rate and --duration: the third follows\n\n${USAGE}`);
  // Any two fix the third; defaults fill in 20,000 events over 60 s (333/s), "a few tens of thousands
  // over a minute": with every job in jobs/ that saturates 2 cores and drains in about 20 s (README).
  const resolvedEvents = events ?? Math.round((rate ?? DEFAULT_EVENTS / 60) * (duration ?? 60));
  const resolvedRate = rate ?? resolvedEvents / (duration ?? 60);
  return { ...options, events: resolvedEvents, rate: resolvedRate };
}

/** One line rewritten in place on a terminal; a line every 5 s in a log. */
function progressPrinter(): (progress: PipelineProgress) => void {
  if (process.stdout.isTTY) return (progress) => process.stdout.write(`\r${progressLine(progress).slice(0, (process.stdout.columns || 200) - 1)}\u001b[K`);
  let lastPrinted = 0;
  return (progress) => {
    if (progress.elapsedMs - lastPrinted < 5_000) return;
    lastPrinted = progress.elapsedMs;
    console.log(progressLine(progress));
  };
}

runCli(async () => {
  const options = parseOptions(process.argv.slice(2));
  const say = (line: string): void => {
    if (process.stdout.isTTY) process.stdout.write('\r\u001b[K');
    console.log(`[start] ${line}`);
  };
  const time = new Date().toISOString().replace(/[:.]/g, '-');
  const runId = `run-${time.slice(0, 19).toLowerCase()}`;
  const reportPath = options.report ?? join(REPO_ROOT, 'reports', `run-${time}.html`);
  const services = await startServices({ services: SERVICE_NAMES, log: (line) => {
      say(`services: ${line}`);
    },
  });
  const interrupted = new AbortController();
  void untilInterrupted().then((signal) => {
    say(`${signal}: summarizing what got through so far (Ctrl-C again to leave at once)`);
    interrupted.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  try {
    const run = await runPipeline(services.endpoints, {
      events: options.events,
      ratePerSecond: options.rate,
      seed: options.seed,
      malformedShare: options.malformed,
      ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
      runId,
      workDir: join(REPO_ROOT, '.cache/runs', runId),
      settleTimeoutMs: options.settle * 1000,
      log: say,
      onProgress: progressPrinter(),
      signal: interrupted.signal,
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(`\n${summaryLines(run.result).join('\n')}\n`);
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, renderRunReport(run.result));
    writeFileSync(reportPath.replace(/\.html$/, '.json'), `${JSON.stringify(run.result, null, 2)}\n`);
    say(`run report: ${relative(process.cwd(), reportPath)} (open it in a browser; the numbers are in the .json beside it)`);
    if (options['keep-running'] && !interrupted.signal.aborted) {
      say(`still running: the producer tails clickstream-${runId}; predictions go to ${run.result.predictionsTable}. Ctrl-C stops.`);
      await new Promise((resolve) => {
        interrupted.signal.addEventListener('abort', resolve);
      });
    }
    await run.stop();
    if (run.result.outcome === 'incomplete') process.exitCode = 1;
  } finally {
    await services.stop();
  }
  process.exit();
});
