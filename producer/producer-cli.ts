/**
 * The producer's command line, shared by the container's entry point (producer/cli.ts) and `npm run producer`
 * (local/producer-cli.ts, which adds `--local`):
 *
 *   backfill --from <time> --to <time> [options]
 *   tail [--from <time>] [options]
 *
 * Reads clickstream documents from Elasticsearch in order and writes them to the raw Kinesis stream;
 * documents that cannot be fixed go to the dead-letter stream. SIGINT/SIGTERM: stop reading, finish the
 * page in flight, save the position, print the summary, exit 0.
 */
import { parseArgs } from 'node:util';
import { ENVIRONMENT, ProducerConfigError, resolveConfig, type ProducerConfig } from './config.js';
import { buildProducer } from './create-producer.js';
import { producerReporter, type LogFormat } from './reporting.js';
import { backfill, tail, type Progress, type ProducerSummary } from './producer.js';

const USAGE = `usage:
  npm run producer -- backfill --from <time> --to <time> [options]
  npm run producer -- tail [--from <time>] [--overlap 30s] [--poll-interval 1s] [--reread-every 5s] [options]

options (each also read from the environment variable shown):
${Object.entries(ENVIRONMENT)
  .map(([flag, variable]) => `  --${flag.padEnd(20)} ${variable}`)
  .join('\n')}
  --local                 use the services of \`npm run services -- up\` and create the streams and queue there
  --log text|json         human progress lines (default) or JSON logs with CloudWatch EMF metrics

times: ISO-8601 (a zone-less time is UTC) or epoch milliseconds
checkpoint: file:<path> (default .cache/producer/<mode>.json) or dynamodb:<table>/<name>
dead letter: sqs:<queue name or URL> (default sqs:clickstream-producer-dlq) or kinesis:<stream>
payload store (sources too large for a dead letter): file:<folder> (default file:.cache/producer/dead-letter-payloads) or s3://<bucket>/<prefix>`;

function describeDeadLetters(config: ProducerConfig): string {
  const target = config['dead-letter'];
  const store = config['payload-store'];
  const payloads = store.kind === 's3' ? `s3://${store.bucket}/${store.prefix}` : store.path;
  return `${target.kind === 'sqs' ? `SQS ${target.queue}` : `Kinesis ${target.stream}`}, oversized payloads in ${payloads}`;
}

/**
 * What `--local` needs from the machine's services (`npm run services -- up`): the flags that point the producer
 * at them, and the streams, queue and bucket to create there. Only the development CLI supplies it.
 */
export interface LocalServices {
  overrides(): Record<string, string>;
  createDestinations(config: ProducerConfig): Promise<void>;
}

/** Runs the producer CLI with `argv` (the arguments after the script) and resolves to the exit code. */
export async function producerCli(argv: readonly string[], local?: LocalServices): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...Object.fromEntries(Object.keys(ENVIRONMENT).map((flag) => [flag, { type: 'string' as const }])),
      local: { type: 'boolean', default: false },
      log: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const mode = positionals[0];
  if (values.help || (mode !== 'backfill' && mode !== 'tail')) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const format: LogFormat = values.log === 'json' ? 'json' : 'text';
  const given = values as Readonly<Record<string, unknown>>;
  const flags = Object.fromEntries(Object.keys(ENVIRONMENT).flatMap((flag) => (typeof given[flag] === 'string' ? [[flag, given[flag]]] : [])));
  if (values.local && local === undefined) throw new ProducerConfigError('--local works only with `npm run producer` on a development machine: it reads the services of `npm run services -- up`');
  const config = resolveConfig({ ...(values.local && local !== undefined ? local.overrides() : {}), ...flags }, process.env);
  if (mode === 'backfill' && (config.from === undefined || config.to === undefined)) {
    throw new ProducerConfigError('backfill needs --from and --to (or FROM and TO): the time range to read');
  }
  if (values.local && local !== undefined) await local.createDestinations(config);
  const built = await buildProducer(config, `.cache/producer/${mode}.json`);
  const reporter = producerReporter(format, config, built.counters);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    reporter.info(`${signal}: finishing the page in flight, then saving the position and stopping`);
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const parts = {
    ...built.parts,
    onProgress: (progress: Progress) => {
      reporter.progress(progress);
    },
    signal: stop.signal,
  };
  reporter.info(`${mode} ${config.index} -> ${config.stream} (dead letters: ${describeDeadLetters(config)}); position in ${parts.checkpoints.description}`);
  let summary: ProducerSummary;
  try {
    summary =
      mode === 'backfill'
        ? await backfill(parts, { from: config.from ?? 0, to: config.to ?? 0 })
        : await tail(parts, { ...(config.from === undefined ? {} : { from: config.from }), overlapMs: config.overlap, pollIntervalMs: config['poll-interval'], rereadIntervalMs: config['reread-every'] });
  } finally {
    await built.close();
  }
  reporter.summary(summary);
  if (summary.outcome === 'done' && summary.counts.read === 0) {
    reporter.info(`no document of ${config.index} matched; check --index, --from/--to, --sort-field and --query`);
  }
  return 0;
}

/** Exits with the CLI's code; configuration mistakes and unreachable services are the user's to fix: the message alone. */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ProducerConfigError ? error.message : `producer failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
