/**
 * A run's jobs: every job in jobs/ (or the chosen ones) compiled for the run's streams, and those streams
 * created with the shards each needs. They all write the features stream; the enricher scores the rows of
 * one feature set and skips the others'.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REFERENCE_DIR } from '../../common/reference-files.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { FEATURE_SET, otherFeatureSets } from '../../enricher/feature-row.js';
import { featureSetsOnFeaturesStream, writingJobsOf } from '../../infra/enricher-environment.js';
import { compileAll, writeBuild } from '../../sql/compiler/compile-all.js';
import { localTarget } from '../../sql/compiler/compile-target.js';
import type { Manifest } from '../../sql/compiler/manifest.js';
import { createStream } from '../services/kinesis-streams.js';
import type { ServiceEndpoints } from '../services/service-types.js';
import { PipelineError } from './pipeline-types.js';

export const FEATURES_STREAM = 'features';
export const RAW_STREAM = 'raw';
const FEATURE_SHARDS = 4;

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

export interface RunJobs {
  readonly buildDir: string;
  readonly manifest: Manifest;
  readonly jobs: readonly string[];
  /** Rows of the other jobs on the features stream: the enricher skips them, so no event is expected of them. */
  readonly otherFeatureSets: ReadonlySet<string>;
}

export async function compileRunJobs(
  services: Pick<ServiceEndpoints, 'kinesis' | 'redis' | 'sqs'>,
  options: { readonly workDir: string; readonly chosen: readonly string[] | undefined; readonly runStream: (logical: string) => string; readonly deadLetterQueue: string },
  kinesis: KinesisClient,
  log: (line: string) => void,
): Promise<RunJobs> {
  const buildDir = join(options.workDir, 'jobs');
  const compiled = await compileAll({
    jobsDir: join(REPO_ROOT, 'jobs'),
    repoRoot: REPO_ROOT,
    target: localTarget({
      kinesisEndpoint: services.kinesis.endpoint,
      region: services.kinesis.region,
      streamNames: options.runStream,
      getRecordsIntervalMs: 200,
      redisUrl: services.redis.url,
      referenceDataRoot: pathToFileURL(REFERENCE_DIR).href,
      dataLakeRoot: pathToFileURL(join(options.workDir, 'data-lake')).href,
      deadLetters: { queueUrl: options.deadLetterQueue, sqsEndpoint: services.sqs.endpoint, payloadsFolder: pathToFileURL(join(options.workDir, 'dead-letter-payloads')).href },
    }),
  });
  writeBuild(buildDir, compiled);
  const jobs = chosenJobs(compiled.manifest, options.chosen);
  // Every stream the jobs read or write (raw, features, and e.g. click-dedupe's own), named after the run.
  const streams = streamsOf(compiled.manifest, jobs);
  log(`creating streams ${streams.map((stream) => `${options.runStream(stream)} (${String(shardsOf(stream))} shard(s))`).join(', ')}`);
  await Promise.all(streams.map((stream) => createStream(kinesis, options.runStream(stream), shardsOf(stream))));
  return {
    buildDir,
    manifest: compiled.manifest,
    jobs,
    otherFeatureSets: otherFeatureSets(featureSetsOnFeaturesStream(writingJobsOf(compiled.manifest))),
  };
}
