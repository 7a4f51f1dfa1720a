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
import { Client } from '@elastic/elasticsearch';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { localDynamoDbClient, localKinesisClient, localSqsClient } from '../../common/aws-clients.js';
import { putRawRecords } from '../services/kinesis-streams.js';
import { killProcessGroupNow } from '../../common/process/managed-process.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../../clickstream-generator/clickstream.js';
import { loadClicks } from '../../clickstream-generator/elasticsearch-loader.js';
import { enricherJobsEnvironment, writingJobsOf } from '../../infra/enricher-environment.js';
import { startLocalJobs } from '../../runner/local-jobs.js';
import { join } from 'node:path';
import type { ServiceEndpoints } from '../services/service-types.js';
import { EventTimeline } from './event-timeline.js';
import { flushMarker } from './flush-marker.js';
import { producerLauncher } from './pipeline-producer.js';
import { PipelineError, type PipelineControl, type PipelineProgress, type PipelineSettings, type ProgressCount, type RunningPipeline } from './pipeline-types.js';
import { RateWindow } from './rate-window.js';
import { RunDeadLetters } from './run-dead-letters.js';
import { startRunEnricher } from './run-enricher.js';
import { FaultSchedule } from './run-faults.js';
import { compileRunJobs, FEATURES_STREAM, RAW_STREAM } from './run-jobs.js';
import { startRunModelServer } from './run-model-server.js';
import { startRawTap } from './run-raw-tap.js';
import { createRunResources, runNames } from './run-resources.js';
import { reconcileRun } from './run-result.js';

export { PipelineError, type DeadLetterReason, type PipelineControl, type PipelineProgress, type PipelineResult, type PipelineSettings, type RunningPipeline, type ScheduledFault } from './pipeline-types.js';
export { chosenJobs, shardsOf, streamsOf } from './run-jobs.js';

/**
 * The phases of a run, in order: its resources; its jobs compiled and started on the embedded Flink; the model
 * server, the enricher and a tap on the raw stream; the producer; then the clickstream generated and indexed
 * while the run watches (and injects its faults) until every event is accounted for; then the reconciliation.
 * What a phase starts is stopped, in reverse, by `stop` (or at once if a later phase fails).
 */
export async function runPipeline(services: ServiceEndpoints, settings: PipelineSettings): Promise<RunningPipeline> {
  const { log, runId } = settings;
  const runStream = (logical: string): string => `${runId}-${logical}`;
  const names = runNames(runId, runStream, { raw: RAW_STREAM, features: FEATURES_STREAM });
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
    log(`run ${runId}: creating index ${names.index}, queues, table ${names.predictions}`);
    const queues = await createRunResources({ elasticsearch, dynamodb, sqs }, services.redis.url, names, log);
    const compiled = await compileRunJobs(services, { workDir: settings.workDir, chosen: settings.jobs, runStream, deadLetterQueue: queues.jobs }, kinesis, log);
    const { jobs, otherFeatureSets } = compiled;
    log(`starting ${String(jobs.length)} Flink job(s) on one embedded Flink (one JVM, about 20 s): ${jobs.join(', ')}`);
    const flinkOptions = { buildDir: compiled.buildDir, jobs, checkpointsDir: join(settings.workDir, 'checkpoints'), logsDir: join(settings.workDir, 'logs'), log, checkpointIntervalMs: 5_000 };
    let flink = await startLocalJobs(flinkOptions);
    stoppers.push(() => flink.stop());

    const modelServer = await startRunModelServer(log);
    stoppers.push(() => modelServer.close());
    const timeline = new EventTimeline();
    const enricher = await startRunEnricher(kinesis, {
      services,
      jobsEnvironment: enricherJobsEnvironment(writingJobsOf(compiled.manifest)),
      featuresStream: names.features,
      predictionsTable: names.predictions,
      deadLetterQueue: queues.enricher,
      modelUrl: modelServer.url,
      workDir: settings.workDir,
      otherFeatureSets,
      timeline,
    });
    stoppers.push(() => enricher.source.stop());
    const tap = await startRawTap(kinesis, names.raw, timeline, otherFeatureSets);
    stoppers.push(() => tap.source.stop());

    // The producer, its own process so a fault can kill -9 it; it resumes from its checkpoint file.
    const startProducer = producerLauncher(services, { index: names.index, stream: names.raw, deadLetterQueueUrl: queues.producer, workDir: settings.workDir });
    let producer = startProducer();
    stoppers.push(() => producer.stop(10_000));
    log(`producer: tail ${names.index} -> ${names.raw} (log ${producer.logPath})`);

    const deadLetters = new RunDeadLetters(sqs, queues);
    const { onFailureIds } = enricher;

    // The clickstream: generated up front (a few MB for tens of thousands), so the run knows every id.
    const dayAgo = Math.floor((Date.now() - 86_400_000) / 3_600_000) * 3_600_000;
    const clicks = [...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed: settings.seed, events: settings.events, start: dayAgo, malformedShare: settings.malformedShare, idPrefix: runId })];
    const generatedIds = new Set(clicks.map((click) => click.id));
    let indexed = 0;
    const settled = (id: string): boolean => deadLetters.ids.has(id) || onFailureIds.has(id);
    const accountedCount = (): number => {
      let count = 0;
      for (const id of generatedIds) if (timeline.has(id, 'written') || settled(id)) count += 1;
      return count;
    };
    const started = Date.now();
    const rates = new RateWindow<ProgressCount>();
    const progress = (): PipelineProgress => {
      const now = Date.now();
      const counts = { indexed, raw: timeline.count('raw'), featureRows: enricher.source.stats.recordsDelivered, enriched: timeline.count('written') };
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
        modelServer.failRequestsFor(milliseconds);
      },
      putRawRecords: async (records) => {
        await putRawRecords(kinesis, names.raw, records);
        log(`put ${String(records.length)} records straight into ${names.raw}, past the producer's validation`);
      },
    };
    const faults = new FaultSchedule(settings.faults ?? [], control, log);

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
      await deadLetters.read();
      faults.injectDue(indexed, Date.now() - started);
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
    await faults.settled();

    const { result, predictions } = await reconcileRun(
      { runId, settings, started, jobs, clicks, indexed, timeline, deadLetters, onFailureIds, rawRecords: tap.records(), featureRows: enricher.source.stats.recordsDelivered, faults: faults.injected, index: names.index, predictionsTable: names.predictions },
      { dynamodb, elasticsearch },
    );
    return { result, predictions, clicks, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
