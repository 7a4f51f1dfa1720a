/**
 * The whole pipeline on one machine, for `npm start` and the end-to-end test:
 *
 *   generator -> Elasticsearch -> producer (its own process, tail mode) -> Kinesis raw
 *     -> Flink jobs (one embedded cluster in one runner process) -> Kinesis features
 *     -> event-source runner -> enricher handler (Redis, model server) -> DynamoDB
 *
 * Every resource is named after the run (index, streams, queues, table), so runs never see each
 * other's data even on shared services. The run ends when every generated event is accounted for
 * (a prediction, or a dead letter at some hop), or when nothing moved for `settleTimeoutMs`; the
 * result says which, and where each missing event was last seen.
 */
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { Client } from '@elastic/elasticsearch';
import type { Context } from 'aws-lambda';
import { Redis } from 'ioredis';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createHandler, enricherConfigFromEnv, enricherDependencies } from '../../enricher/handler.js';
import { FEATURE_SET } from '../../enricher/feature-row.js';
import { ensurePredictionsTable } from '../../enricher/prediction-writer.js';
import { DEFAULT_ARTIFACT_PATH } from '../../model/artifact-path.js';
import { loadModel } from '../../model/click-anomaly-model.js';
import { currentArtifact } from '../../model/current-artifact.js';
import { buildModelServer } from '../../model/model-server.js';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';
import { compileAll, writeBuild } from '../../sql/compiler/compile-all.js';
import { localTarget } from '../../sql/compiler/compile-target.js';
import type { Manifest } from '../../sql/compiler/manifest.js';
import { enricherJobsEnvironment, featureSetsOnFeaturesStream, writingJobsOf } from '../../infra/enricher-environment.js';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../../clickstream-generator/clickstream.js';
import { loadClicks } from '../../clickstream-generator/elasticsearch-loader.js';
import { startLocalJobs } from '../../runner/local-jobs.js';
import { startKinesisEventSource, type KinesisHandler, type OnFailureMessage, type RunningEventSource } from '../lambda-event-source/kinesis-event-source.js';
import { seedReferenceData } from '../reference-data.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { createStream } from '../services/kinesis-streams.js';
import { localDynamoDbClient, localKinesisClient, localSqsClient } from '../../common/aws-clients.js';
import { killProcessGroupNow } from '../../common/process/managed-process.js';
import type { ServiceEndpoints } from '../services/service-types.js';
import { drainDeadLetters, eventIdOfDeadLetter } from './dead-letter-queue.js';
import { EventTimeline } from './event-timeline.js';
import { producerLauncher } from './pipeline-producer.js';
import { eventIdOf, rowOf, sentAtOf } from './pipeline-records.js';
import { PipelineError, type PipelineControl, type PipelineProgress, type PipelineResult, type PipelineSettings, type ProgressCount, type RunningPipeline } from './pipeline-types.js';
import { RateWindow } from './rate-window.js';
import { describeMissing, reasonsOf } from './run-accounting.js';
import { FLUSH_MARKER_USER, flushMarker } from './flush-marker.js';
import { readPredictions } from './prediction-scan.js';
import { recordsInRange } from './stream-range.js';

export { PipelineError, type DeadLetterReason, type PipelineControl, type PipelineProgress, type PipelineResult, type PipelineSettings, type RunningPipeline, type ScheduledFault } from './pipeline-types.js';

const FEATURES_STREAM = 'features';
const FEATURE_SHARDS = 4;
const RAW_STREAM = 'raw';
const LAMBDA_CONTEXT = { functionName: 'enricher-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/**
 * The jobs a run starts: the chosen ones (default every job), which must include the feature set
 * the enricher scores, writing the features stream; otherwise no event could be predicted.
 */
export function chosenJobs(manifest: Manifest, chosen: readonly string[] | undefined): readonly string[] {
  const names = manifest.jobs.map((job) => job.name);
  const unknown = (chosen ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new PipelineError(`no such job in jobs/: ${unknown.join(', ')} (there are: ${names.join(', ')})`);
  const scored = manifest.jobs.find((job) => job.name === FEATURE_SET && job.sinks.some((sink) => sink.stream === FEATURES_STREAM));
  if (scored === undefined) throw new PipelineError(`jobs/ has no job ${FEATURE_SET} writing the '${FEATURES_STREAM}' stream, whose rows the enricher scores`);
  if (chosen !== undefined && !chosen.includes(FEATURE_SET)) throw new PipelineError(`the jobs must include ${FEATURE_SET}: the enricher scores its rows, so without it no event is predicted`);
  return chosen === undefined ? names : names.filter((name) => chosen.includes(name));
}

/**
 * Shards of a run's stream. One for the ones Flink jobs read: the producer sends in event-time order,
 * and an event-time job drops what arrives after its watermark, which reordering across shards
 * risks. The features stream gets FEATURE_SHARDS: nothing reads it in event time, and the event-source
 * runner (as Lambda) has one batch in flight per shard, so the enricher scores that many batches at
 * once (each partition key's rows stay in order on their shard).
 */
export function shardsOf(stream: string): number {
  return stream === FEATURES_STREAM ? FEATURE_SHARDS : 1;
}

/** The logical streams the chosen jobs read or write, each once, in manifest order. */
export function streamsOf(manifest: Manifest, jobs: readonly string[]): readonly string[] {
  const chosen = manifest.jobs.filter((job) => jobs.includes(job.name));
  return [...new Set(chosen.flatMap((job) => [...job.sources.map((source) => source.stream), ...job.sinks.map((sink) => sink.stream)]))];
}

export async function runPipeline(services: ServiceEndpoints, settings: PipelineSettings): Promise<RunningPipeline> {
  const { log, runId } = settings;
  const runStream = (logical: string): string => `${runId}-${logical}`;
  const names = {
    index: `clickstream-${runId}`,
    raw: runStream(RAW_STREAM),
    features: runStream(FEATURES_STREAM),
    producerQueue: `${runId}-producer-dlq`,
    enricherQueue: `${runId}-enricher-dlq`,
    predictions: `${runId}-predictions`,
  };
  mkdirSync(settings.workDir, { recursive: true });
  const elasticsearch = new Client({ node: services.elasticsearch.url, ...(services.elasticsearch.auth === undefined ? {} : { auth: services.elasticsearch.auth }) });
  const kinesis = localKinesisClient(services.kinesis);
  const sqs = localSqsClient(services.sqs);
  const dynamodb = localDynamoDbClient(services.dynamodb);
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stoppers.splice(0).reverse()) {
      await stop().catch((error: unknown) => {
        log(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  };
  stoppers.push(async () => {
    kinesis.destroy();
    sqs.destroy();
    dynamodb.destroy();
    await elasticsearch.close();
  });

  try {
    // Resources of the run (its streams once the jobs are compiled).
    log(`run ${runId}: creating index ${names.index}, queues, table ${names.predictions}`);
    // One shard refreshed every 200 ms: documents become visible to the producer in the order they
    // were indexed, and sooner than the default second.
    await createClickIndex(elasticsearch, names.index, 1, '200ms');
    await ensurePredictionsTable(dynamodb, names.predictions);
    const producerQueue = (await sqs.send(new CreateQueueCommand({ QueueName: names.producerQueue }))).QueueUrl ?? '';
    const enricherQueue = (await sqs.send(new CreateQueueCommand({ QueueName: names.enricherQueue }))).QueueUrl ?? '';
    const redis = new Redis(services.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      const seeded = await seedReferenceData(redis);
      log(`seeded Redis: ${Object.entries(seeded).map(([table, rows]) => `${table} ${String(rows)} rows`).join(', ')}`);
    } finally {
      redis.disconnect();
    }

    // Every job in jobs/ (or the chosen ones), compiled for this run's streams. They all write the
    // features stream; the enricher scores the rows of one feature set and skips the others'.
    const buildDir = join(settings.workDir, 'jobs');
    const compiled = await compileAll({
      jobsDir: join(REPO_ROOT, 'jobs'),
      repoRoot: REPO_ROOT,
      target: localTarget({
        kinesisEndpoint: services.kinesis.endpoint,
        region: services.kinesis.region,
        streamNames: runStream,
        getRecordsIntervalMs: 200,
        redisUrl: services.redis.url,
        referenceDataRoot: pathToFileURL(join(REPO_ROOT, 'reference')).href,
        dataLakeRoot: pathToFileURL(join(settings.workDir, 'data-lake')).href,
      }),
    });
    writeBuild(buildDir, compiled);
    const jobs = chosenJobs(compiled.manifest, settings.jobs);
    // Rows of the other jobs on the features stream: the enricher skips them, so no event is expected of them.
    const otherFeatureSets: ReadonlySet<string> = new Set(featureSetsOnFeaturesStream(writingJobsOf(compiled.manifest)).filter((name) => name !== FEATURE_SET));
    // Every stream the jobs read or write (raw, features, and e.g. click-dedupe's own), named after the
    // run, with the shards shardsOf gives it.
    const streams = streamsOf(compiled.manifest, jobs);
    log(`creating streams ${streams.map((stream) => `${runStream(stream)} (${String(shardsOf(stream))} shard(s))`).join(', ')}`);
    await Promise.all(streams.map((stream) => createStream(kinesis, runStream(stream), shardsOf(stream))));
    log(`starting ${String(jobs.length)} Flink job(s) on one embedded Flink (one JVM, about 20 s): ${jobs.join(', ')}`);
    const flinkOptions = { buildDir, jobs, checkpointsDir: join(settings.workDir, 'checkpoints'), logsDir: join(settings.workDir, 'logs'), log, checkpointIntervalMs: 5_000 };
    let flink = await startLocalJobs(flinkOptions);
    stoppers.push(() => flink.stop());

    // The model server, in this process; a fault can make it answer 500s for a while.
    const model = loadModel(currentArtifact(DEFAULT_ARTIFACT_PATH, log));
    const modelServer = buildModelServer(model);
    let failModelUntil = 0;
    modelServer.addHook('onRequest', async (_request, reply) => {
      if (Date.now() < failModelUntil) await reply.code(500).send({ error: 'injected fault: the model server fails requests for a while' });
    });
    const modelUrl = await modelServer.listen({ port: 0, host: '127.0.0.1' });
    stoppers.push(() => modelServer.close());
    log(`model server ${modelUrl}: ${model.name} version ${model.version}`);

    // The enricher, as Lambda would run it: the event-source runner calls the handler with batches.
    const timeline = new EventTimeline();
    // Its logs and EMF metrics are for CloudWatch; here the run's summary says the same.
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
    const enricherConfig = enricherConfigFromEnv({
      ...enricherJobsEnvironment(writingJobsOf(compiled.manifest)),
      PREDICTIONS_TABLE: names.predictions,
      REDIS_URL: services.redis.url,
      ML_ENDPOINT: modelUrl,
      DEAD_LETTER_QUEUE: enricherQueue,
      AWS_REGION: services.dynamodb.region,
      DYNAMODB_ENDPOINT: services.dynamodb.endpoint,
      SQS_ENDPOINT: services.sqs.endpoint,
      DEAD_LETTER_PAYLOADS: `file:${join(settings.workDir, 'dead-letter-payloads')}`,
    });
    const dependencies = await enricherDependencies(enricherConfig);
    // Lambda runs one invocation at a time per container, and the handler (Powertools' BatchProcessor)
    // relies on it; the runner has a batch in flight per shard, so each concurrent batch gets a handler
    // of its own, as it would get a container. They share the clients, which are safe to share.
    const idleHandlers: ReturnType<typeof createHandler>[] = [];
    const enrich: ReturnType<typeof createHandler> = async (event, context) => {
      const handler = idleHandlers.pop() ?? createHandler(() => dependencies);
      try {
        return await handler(event, context);
      } finally {
        idleHandlers.push(handler);
      }
    };
    const enricherHandler: KinesisHandler = async (event) => {
      const response = await enrich(event, LAMBDA_CONTEXT);
      const at = Date.now();
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      // Lambda goes on from the first failed record: the ones before it are done.
      for (const record of event.Records) {
        if (failed.has(record.kinesis.sequenceNumber)) break;
        const id = eventIdOf(rowOf(record), otherFeatureSets);
        if (id !== undefined) timeline.mark(id, 'written', at);
      }
      return response;
    };
    const onFailureIds = new Set<string>();
    const onFailure = async (message: OnFailureMessage): Promise<void> => {
      // Lambda's on-failure destination gets the batch's position only; the records are still on the stream.
      const { shardId, startSequenceNumber, endSequenceNumber } = message.KinesisBatchInfo;
      for (const record of await recordsInRange(kinesis, names.features, shardId, startSequenceNumber, endSequenceNumber)) {
        const id = eventIdOf(rowOf(record), otherFeatureSets);
        if (id !== undefined) onFailureIds.add(id);
      }
    };
    // Retries outlast a short ML outage: a batch failing fast on the open breaker (5 s before it lets a
    // call through again) gets 12 x 0.5 s, so a few seconds of 500s do not send records to on-failure.
    const enricher = await startKinesisEventSource(
      kinesis,
      { stream: names.features, startingPosition: 'TRIM_HORIZON', batchSize: 100, batchingWindowMs: 20, reportBatchItemFailures: true, bisectOnError: true, maxRetryAttempts: 12, onFailure, pollIntervalMs: 50, retryDelayMs: 500 },
      enricherHandler,
    );
    stoppers.push(() => enricher.stop());

    // A tap on the raw stream: when each event arrived there (the producer's hop).
    let rawRecords = 0;
    const tap: RunningEventSource = await startKinesisEventSource(
      kinesis,
      { stream: names.raw, startingPosition: 'TRIM_HORIZON', batchSize: 10_000, batchingWindowMs: 0, reportBatchItemFailures: false, bisectOnError: false, maxRetryAttempts: 0, pollIntervalMs: 100 },
      (event) => {
        for (const record of event.Records) {
          const row = rowOf(record);
          const id = eventIdOf(row, otherFeatureSets);
          if (id === undefined || id.startsWith(FLUSH_MARKER_USER)) continue;
          rawRecords += 1;
          timeline.mark(id, 'raw', Math.round(record.kinesis.approximateArrivalTimestamp * 1000));
          const sentAt = sentAtOf(row);
          if (sentAt !== undefined) timeline.mark(id, 'sent', sentAt);
        }
        return Promise.resolve(undefined);
      },
    );
    stoppers.push(() => tap.stop());

    // The producer, its own process so a fault can kill -9 it; it resumes from its checkpoint file.
    const startProducer = producerLauncher(services, { index: names.index, stream: names.raw, deadLetterQueueUrl: producerQueue, workDir: settings.workDir });
    let producer = startProducer();
    stoppers.push(() => producer.stop(10_000));
    log(`producer: tail ${names.index} -> ${names.raw} (log ${producer.logPath})`);

    // Dead letters, read off their queues as they come.
    const deadLetters: { producer: DeadLetter[]; enricher: DeadLetter[] } = { producer: [], enricher: [] };
    const deadLetteredIds = new Set<string>();
    const readDeadLetters = async (): Promise<void> => {
      for (const [hop, queue] of [['producer', producerQueue], ['enricher', enricherQueue]] as const) {
        for (const letter of await drainDeadLetters(sqs, queue)) {
          deadLetters[hop].push(letter);
          const id = eventIdOfDeadLetter(letter);
          if (id !== undefined) deadLetteredIds.add(id);
        }
      }
    };

    // The clickstream: generated up front (a few MB for tens of thousands), so the run knows every id.
    const dayAgo = Math.floor((Date.now() - 86_400_000) / 3_600_000) * 3_600_000;
    const clicks = [...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed: settings.seed, events: settings.events, start: dayAgo, malformedShare: settings.malformedShare, idPrefix: runId })];
    const generatedIds = new Set(clicks.map((click) => click.id));
    let indexed = 0;
    const accountedCount = (): number => {
      let count = 0;
      for (const id of generatedIds) if (timeline.has(id, 'written') || deadLetteredIds.has(id) || onFailureIds.has(id)) count += 1;
      return count;
    };
    const started = Date.now();
    const rates = new RateWindow<ProgressCount>();
    const settled = (id: string): boolean => deadLetteredIds.has(id) || onFailureIds.has(id);
    const progress = (): PipelineProgress => {
      const now = Date.now();
      const counts = { indexed, raw: timeline.count('raw'), featureRows: enricher.stats.recordsDelivered, enriched: timeline.count('written') };
      return {
        elapsedMs: now - started,
        generated: clicks.length,
        ...counts,
        deadLettered: { producer: deadLetters.producer.length, enricher: deadLetters.enricher.length },
        accounted: accountedCount(),
        ratePerSecond: rates.add(now, counts),
        lag: { producer: timeline.backlog(generatedIds, 'indexed', 'raw', now, settled), scoring: timeline.backlog(generatedIds, 'raw', 'written', now, settled) },
      };
    };

    // While a fault restarts a process, its exit is expected; otherwise an exit fails the run.
    const restarting = { producer: false, flink: false };
    const control: PipelineControl = {
      killProducer: async () => {
        restarting.producer = true;
        killProcessGroupNow(producer.pid);
        await producer.exited;
        producer = startProducer();
        restarting.producer = false;
        log(`producer killed with SIGKILL and started again (log ${producer.logPath})`);
      },
      killFlinkJobs: async () => {
        restarting.flink = true;
        killProcessGroupNow(flink.process.pid);
        await flink.process.exited;
        flink = await startLocalJobs(flinkOptions);
        restarting.flink = false;
      },
      failModelRequests: (milliseconds) => {
        failModelUntil = Date.now() + milliseconds;
      },
    };
    const faults = [...(settings.faults ?? [])].sort((a, b) => a.afterIndexed - b.afterIndexed);
    const injected: { name: string; atSecond: number }[] = [];
    const faultRuns: Promise<void>[] = [];
    const injectDueFaults = (): void => {
      while (faults[0] !== undefined && indexed >= faults[0].afterIndexed) {
        const fault = faults.shift();
        if (fault === undefined) break;
        injected.push({ name: fault.name, atSecond: (Date.now() - started) / 1000 });
        log(`fault: ${fault.name}`);
        faultRuns.push(fault.inject(control));
      }
    };

    // Generate, index, and watch until every event is accounted for.
    log(`generating ${clicks.length.toLocaleString('en-US')} clicks at ${String(settings.ratePerSecond)}/s into ${names.index}`);
    // Set by the load's callback, which TypeScript's narrowing does not follow: an object.
    const generation = { loading: true };
    const load = loadClicks(elasticsearch, clicks, {
      index: names.index,
      ratePerSecond: settings.ratePerSecond,
      concurrency: 1,
      onIndexed: (id, at) => {
        indexed += 1;
        timeline.mark(id, 'indexed', at);
      },
    }).then(async (loaded) => {
      if (loaded.failed > 0) throw new PipelineError(`Elasticsearch refused ${String(loaded.failed)} documents; the first: ${loaded.firstFailure ?? '?'}`);
      if (loaded.retried > 0) log(`Elasticsearch was too busy (429) for ${String(loaded.retried)} documents; the bulk helper sent them again, late and out of order`);
      // Moves the job's watermark past the last event, so its rows come out (see flush-marker.ts).
      const marker = flushMarker(clicks);
      await elasticsearch.index({ index: names.index, id: marker.id, document: marker.document, refresh: true });
      generation.loading = false;
    });
    let lastAccounted = -1;
    let lastMoved = Date.now();
    for (;;) {
      // A second a pass; while loading, the load's end wakes the loop early (once it has ended, it would at once).
      await (generation.loading ? Promise.race([load, sleep(1_000)]) : sleep(1_000));
      if (settings.signal?.aborted === true) break;
      await readDeadLetters();
      injectDueFaults();
      const now = progress();
      settings.onProgress?.(now);
      if (producer.hasExited && !restarting.producer) throw new PipelineError(`the producer ${producer.exitDescription}:\n${producer.logTail(20)}`);
      if (!restarting.flink && flink.process.hasExited) throw new PipelineError(`the Flink runner (${jobs.join(', ')}) ${flink.process.exitDescription}:\n${flink.process.logTail(20)}`);
      if (!generation.loading && now.accounted === clicks.length) break;
      if (now.accounted !== lastAccounted || generation.loading) {
        lastAccounted = now.accounted;
        lastMoved = Date.now();
      } else if (Date.now() - lastMoved > settings.settleTimeoutMs) {
        log(`nothing moved for ${String(settings.settleTimeoutMs / 1000)} s: ${String(clicks.length - now.accounted)} events unaccounted`);
        break;
      }
    }
    if (settings.signal?.aborted === true) load.catch(() => undefined);
    else await load;
    await Promise.all(faultRuns);

    // The predictions as DynamoDB has them: the count that matters, and their hop times.
    const predictions = await readPredictions(dynamodb, names.predictions).catch((error: unknown) => {
      throw new PipelineError(`reading the predictions back from DynamoDB (table ${names.predictions}) failed: ${error instanceof Error ? error.message : String(error)} (DynamoDB Local logs to .cache/logs/dynamodb-*.log)`);
    });
    for (const [id, item] of predictions) {
      if (typeof item.features_at === 'number') timeline.mark(id, 'features', item.features_at);
      if (typeof item.scored_at === 'number') timeline.mark(id, 'scored', item.scored_at);
    }
    const predicted = [...generatedIds].filter((id) => predictions.has(id));
    // A record can reach a hop twice (Flink re-emits rows after restoring a checkpoint): a dead letter
    // of one copy is no loss when the other copy was predicted, so those events count as predicted only.
    const distinctGenerated = (ids: Iterable<string | undefined>): number => new Set([...ids].filter((id): id is string => id !== undefined && generatedIds.has(id) && !predictions.has(id))).size;
    const unaccounted = [...generatedIds].filter((id) => !predictions.has(id) && !deadLetteredIds.has(id) && !onFailureIds.has(id));
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const onRaw = [...generatedIds].filter((id) => timeline.has(id, 'raw'));
    const producerDeadLettered = deadLetters.producer.map(eventIdOfDeadLetter).filter((id): id is string => id !== undefined && generatedIds.has(id));
    const result: PipelineResult = {
      runId,
      outcome: unaccounted.length === 0 ? 'complete' : settings.signal?.aborted === true ? 'interrupted' : 'incomplete',
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      settings: { events: settings.events, ratePerSecond: settings.ratePerSecond, seed: settings.seed, malformedShare: settings.malformedShare },
      jobs,
      counts: {
        generated: clicks.length,
        generatedMalformed: clicks.filter((click) => click.event === null).length,
        indexed,
        producerRead: new Set([...onRaw, ...producerDeadLettered]).size,
        rawEvents: onRaw.length,
        rawRecords,
        featureRows: enricher.stats.recordsDelivered,
        predictions: predicted.length,
        deadLettered: { producer: distinctGenerated(deadLetters.producer.map(eventIdOfDeadLetter)), enricher: distinctGenerated(deadLetters.enricher.map(eventIdOfDeadLetter)), eventSource: distinctGenerated(onFailureIds) },
        deadLetterMessages: deadLetters.producer.length + deadLetters.enricher.length,
        unaccounted: unaccounted.length,
        unexpectedPredictions: [...predictions.keys()].filter((id) => !generatedIds.has(id)).length,
      },
      deadLetterReasons: reasonsOf(deadLetters),
      missing: await describeMissing(elasticsearch, names.index, unaccounted.slice(0, 20), timeline),
      latency: timeline.latencies(predicted),
      throughput: { indexed: timeline.perSecond('indexed', started, seconds), raw: timeline.perSecond('raw', started, seconds), written: timeline.perSecond('written', started, seconds) },
      faults: injected,
      predictionsTable: names.predictions,
    };
    return { result, predictions, clicks, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
