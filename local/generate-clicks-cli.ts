/**
 * npm run generate-clicks -- [--events 100000] [--seed 1] [--rate max|<docs/s>] [options]
 *
 * Writes a deterministic synthetic clickstream (sessions, bot bursts, abandoned carts, price
 * outliers, a share of broken documents) to Elasticsearch, its labels to a JSON-lines file, and the
 * reference data (zip codes, IP networks) to Redis. Without --es-url/--redis-url it uses the
 * services of `npm run services -- up`.
 */
import { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { instant } from '../producer/config.js';
import { CliUsageError, parseCliOptions } from '../common/cli-options.js';
import { createClickIndexIfMissing } from '../clickstream-generator/click-index.js';
import { DEFAULT_CLICKSTREAM, generateClickstream, type ClickstreamOptions } from '../clickstream-generator/clickstream.js';
import { loadClicks } from '../clickstream-generator/elasticsearch-loader.js';
import { seedReferenceData } from './reference-data.js';
import { REPO_ROOT } from '../common/repo-paths.js';
import { readDaemonState } from './services/daemon-state.js';

const USAGE = `usage: npm run generate-clicks -- [options]
  --events <n>             documents to write (default 100000)
  --seed <n>               same seed, same clickstream (default 1)
  --rate max|<n>           documents per second, or as fast as Elasticsearch takes them (default max)
  --start <time>           first session start, ISO-8601 or epoch ms (default: the top of the hour 24 hours ago)
  --events-per-hour <n>    average over a day; evenings are busier (default ${String(DEFAULT_CLICKSTREAM.eventsPerHour)})
  --people <n>             distinct visitors (default ${String(DEFAULT_CLICKSTREAM.people)})
  --bot-bursts <share>     share of sessions that are bot bursts (default ${String(DEFAULT_CLICKSTREAM.anomalies.botBurst)})
  --cart-abandonment <s>   share of sessions that abandon a cart at checkout (default ${String(DEFAULT_CLICKSTREAM.anomalies.cartAbandonment)})
  --price-outliers <s>     share of sessions with a price outlier (default ${String(DEFAULT_CLICKSTREAM.anomalies.priceOutlier)})
  --malformed <share>      share of documents broken beyond repair (default ${String(DEFAULT_CLICKSTREAM.malformedShare)})
  --index <name>           Elasticsearch index, created if missing (default clickstream-synthetic)
  --labels <path>          where each document's label goes, JSON lines (default build/generated/<index>.labels.jsonl)
  --es-url <url>           Elasticsearch (default: the one of npm run services -- up)
  --redis-url <url>        Redis to seed with reference data (default: the one of npm run services -- up)
  --no-redis               do not seed Redis`;


const share = z.coerce.number().min(0).max(1);
const optionsSchema = z.object({
  events: z.coerce.number().int().min(0).default(100_000),
  seed: z.coerce.number().int().default(DEFAULT_CLICKSTREAM.seed),
  rate: z.union([z.literal('max'), z.coerce.number().positive()]).default('max'),
  start: instant.optional(),
  'events-per-hour': z.coerce.number().positive().default(DEFAULT_CLICKSTREAM.eventsPerHour),
  people: z.coerce.number().int().min(1).default(DEFAULT_CLICKSTREAM.people),
  'bot-bursts': share.default(DEFAULT_CLICKSTREAM.anomalies.botBurst),
  'cart-abandonment': share.default(DEFAULT_CLICKSTREAM.anomalies.cartAbandonment),
  'price-outliers': share.default(DEFAULT_CLICKSTREAM.anomalies.priceOutlier),
  malformed: share.default(DEFAULT_CLICKSTREAM.malformedShare),
  index: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case Elasticsearch index name').default('clickstream-synthetic'),
  labels: z.string().min(1).optional(),
  'es-url': z.url().optional(),
  'redis-url': z.string().regex(/^rediss?:\/\//, 'must be redis://host:port').optional(),
  'no-redis': z.boolean().default(false),
});

function parseOptions(argv: readonly string[]) {
  return parseCliOptions(argv, optionsSchema, USAGE, ['no-redis']);
}

function localEndpoints(): { esUrl?: string; esAuth?: { username: string; password: string }; redisUrl?: string } {
  const endpoints = readDaemonState()?.endpoints;
  return {
    ...(endpoints?.elasticsearch === undefined ? {} : { esUrl: endpoints.elasticsearch.url, ...(endpoints.elasticsearch.auth === undefined ? {} : { esAuth: endpoints.elasticsearch.auth }) }),
    ...(endpoints?.redis === undefined ? {} : { redisUrl: endpoints.redis.url }),
  };
}

const say = (line: string) => {
  console.log(`[generate-clicks] ${line}`);
};
const number = (value: number) => Math.round(value).toLocaleString('en-US');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const local = localEndpoints();
  const esUrl = options['es-url'] ?? local.esUrl;
  if (esUrl === undefined) throw new CliUsageError('no Elasticsearch: start the local services (npm run services -- up) or pass --es-url');
  const redisUrl = options['no-redis'] ? undefined : (options['redis-url'] ?? local.redisUrl);
  if (!options['no-redis'] && redisUrl === undefined) throw new CliUsageError('no Redis to seed: start the local services (npm run services -- up), pass --redis-url, or --no-redis');

  // A day back: a day's worth of clicks at the default rate is over a million, so they end in the past.
  const dayAgo = Math.floor((Date.now() - 86_400_000) / 3_600_000) * 3_600_000;
  const clickstream: ClickstreamOptions = {
    seed: options.seed,
    events: options.events,
    start: options.start ?? dayAgo,
    eventsPerHour: options['events-per-hour'],
    people: options.people,
    anomalies: { botBurst: options['bot-bursts'], cartAbandonment: options['cart-abandonment'], priceOutlier: options['price-outliers'] },
    malformedShare: options.malformed,
  };
  const labelsPath = options.labels ?? join(REPO_ROOT, 'build/generated', `${options.index}.labels.jsonl`);
  // Validates the options before anything is written.
  const clicks = generateClickstream(clickstream);

  if (redisUrl !== undefined) {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      const counts = await seedReferenceData(redis);
      say(`seeded Redis ${redisUrl}: ${Object.entries(counts).map(([table, rows]) => `${table} ${String(rows)} rows`).join(', ')}`);
    } catch (error) {
      throw new CliUsageError(`could not seed Redis at ${redisUrl}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      redis.disconnect();
    }
  }

  const client = new Client({ node: esUrl, ...(local.esAuth === undefined || options['es-url'] !== undefined ? {} : { auth: local.esAuth }) });
  mkdirSync(dirname(labelsPath), { recursive: true });
  const labelsFile = openSync(labelsPath, 'w');
  const labelCounts: Record<string, number> = {};
  let first: number | undefined;
  let last: number | undefined;
  try {
    try {
      if (await createClickIndexIfMissing(client, options.index)) say(`created index ${options.index}`);
    } catch (error) {
      throw new CliUsageError(`could not reach Elasticsearch at ${esUrl}: ${error instanceof Error ? error.message : String(error)}`);
    }
    say(`writing ${number(options.events)} documents (seed ${String(options.seed)}) to ${esUrl}/${options.index} ${options.rate === 'max' ? 'as fast as it takes them' : `at ${number(options.rate)}/s`}`);
    const result = await loadClicks(client, clicks, {
      index: options.index,
      ...(options.rate === 'max' ? {} : { ratePerSecond: options.rate }),
      onClick: (click) => {
        labelCounts[click.label] = (labelCounts[click.label] ?? 0) + 1;
        const time = click.event?.ts;
        if (time !== undefined) {
          first ??= time;
          last = time;
        }
        writeSync(labelsFile, `${JSON.stringify({ id: click.id, label: click.label, ...(click.brokenBecause === undefined ? {} : { broken_because: click.brokenBecause }) })}\n`);
      },
      onProgress: ({ indexed, failed, elapsedMs }) => {
        say(`${number(indexed)} / ${number(options.events)} indexed (${number(indexed / (elapsedMs / 1000))}/s)${failed > 0 ? `, ${number(failed)} refused` : ''}`);
      },
    });
    say(`done: ${number(result.indexed)} indexed in ${(result.elapsedMs / 1000).toFixed(1)} s (${number(result.indexed / (result.elapsedMs / 1000))}/s)${result.retried > 0 ? `; ${number(result.retried)} sent again after Elasticsearch answered 429 (too busy)` : ''}`);
    say(`labels: ${Object.entries(labelCounts).map(([label, count]) => `${label} ${number(count)}`).join(', ')} -> ${relative(process.cwd(), labelsPath)}`);
    if (first !== undefined && last !== undefined) say(`event times: ${new Date(first).toISOString()} .. ${new Date(last).toISOString()}`);
    if (result.failed > 0) throw new CliUsageError(`Elasticsearch refused ${number(result.failed)} document(s); the first: ${result.firstFailure ?? 'unknown'}`);
  } finally {
    closeSync(labelsFile);
    await client.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof CliUsageError || error instanceof RangeError) console.error(`generate-clicks: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
