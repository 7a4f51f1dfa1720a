/**
 * npm run producer -- backfill --from <time> --to <time> [options]
 * npm run producer -- tail [--from <time>] [options]
 *
 * Reads clickstream documents from Elasticsearch in order and writes them to the raw Kinesis stream;
 * documents that cannot be fixed go to the dead-letter stream. `--local` takes Elasticsearch and
 * Kinesis from `npm run services -- up` and creates the streams there. SIGINT/SIGTERM: stop reading,
 * finish the page in flight, save the position, print the summary, exit 0.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { parseArgs } from 'node:util';
import { createStreamIfMissing } from '../local/services/kinesis-streams.js';
import { localKinesisClient, localS3Client, localSqsClient } from '../local/services/local-aws-clients.js';
import { readDaemonState } from '../local/services/daemon-state.js';
import { LOCAL_AWS_CREDENTIALS } from '../local/services/service-types.js';
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

function localOverrides(): Record<string, string> {
  const state = readDaemonState();
  const { elasticsearch, kinesis, dynamodb, sqs, s3 } = state?.endpoints ?? {};
  if (elasticsearch === undefined || kinesis === undefined) {
    throw new ProducerConfigError('--local needs Elasticsearch and Kinesis from `npm run services -- up`; start them first');
  }
  return {
    'es-url': elasticsearch.url,
    ...(elasticsearch.auth === undefined ? {} : { 'es-username': elasticsearch.auth.username, 'es-password': elasticsearch.auth.password }),
    'kinesis-endpoint': kinesis.endpoint,
    region: kinesis.region,
    ...(dynamodb === undefined ? {} : { 'dynamodb-endpoint': dynamodb.endpoint }),
    ...(sqs === undefined ? {} : { 'sqs-endpoint': sqs.endpoint }),
    ...(s3 === undefined ? {} : { 's3-endpoint': s3.endpoint }),
  };
}

/** Creates the raw stream, the dead-letter stream or queue and the payload bucket on the local services. */
async function createLocalDestinations(config: ProducerConfig): Promise<void> {
  const target = config['dead-letter'];
  const endpoint = config['kinesis-endpoint'];
  const credentials = LOCAL_AWS_CREDENTIALS;
  if (endpoint !== undefined) {
    const client = localKinesisClient({ endpoint, region: config.region, credentials });
    try {
      await createStreamIfMissing(client, config.stream, 2);
      if (target.kind === 'kinesis') await createStreamIfMissing(client, target.stream, 1);
    } finally {
      client.destroy();
    }
  }
  const sqsEndpoint = config['sqs-endpoint'];
  if (target.kind === 'sqs' && sqsEndpoint !== undefined && !/^https?:/.test(target.queue)) {
    const client = localSqsClient({ endpoint: sqsEndpoint, region: config.region, credentials });
    try {
      await client.send(new CreateQueueCommand({ QueueName: target.queue }));
    } finally {
      client.destroy();
    }
  }
  const store = config['payload-store'];
  const s3Endpoint = config['s3-endpoint'];
  if (store.kind === 's3' && s3Endpoint !== undefined) {
    const client = localS3Client({ endpoint: s3Endpoint, region: config.region, credentials });
    try {
      await client.send(new CreateBucketCommand({ Bucket: store.bucket }));
    } catch (error) {
      if (!(error instanceof Error && (error.name === 'BucketAlreadyOwnedByYou' || error.name === 'BucketAlreadyExists'))) throw error;
    } finally {
      client.destroy();
    }
  }
}

function describeDeadLetters(config: ProducerConfig): string {
  const target = config['dead-letter'];
  const store = config['payload-store'];
  const payloads = store.kind === 's3' ? `s3://${store.bucket}/${store.prefix}` : store.path;
  return `${target.kind === 'sqs' ? `SQS ${target.queue}` : `Kinesis ${target.stream}`}, oversized payloads in ${payloads}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
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
  const config = resolveConfig({ ...(values.local ? localOverrides() : {}), ...flags }, process.env);
  if (mode === 'backfill' && (config.from === undefined || config.to === undefined)) {
    throw new ProducerConfigError('backfill needs --from and --to (or FROM and TO): the time range to read');
  }
  if (values.local) await createLocalDestinations(config);
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Configuration mistakes and unreachable services are the user's to fix: the message alone.
    console.error(error instanceof ProducerConfigError ? error.message : `producer failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
