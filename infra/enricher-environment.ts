/**
 * What the enricher learns from the compiled jobs, as the environment variables it reads (enricher/enricher-config.ts):
 * every feature set the jobs write to the features stream (from the manifest, so a new job needs no enricher change)
 * and the Redis key prefix of each reference table it looks up (from the tables' declarations in jobs/sources.ts).
 * The CDK app and the local pipeline both set these; the Lambda itself never loads a job definition.
 */
import { ipNetworks, zipCodes } from '../jobs/sources.js';
import { redisTableSpec } from '../enricher/reference-lookup.js';
import type { Manifest } from '../sql/compiler/manifest.js';
import { DEFAULT_SINK_STREAM } from '../sql/dsl/job-common.js';

/** A job as far as the enricher cares: its name (the `feature_set` of its rows) and the logical streams it writes. */
export interface WritingJob {
  readonly name: string;
  readonly writes: readonly string[];
}

export interface EnricherJobsEnvironment {
  readonly FEATURE_SETS: string;
  readonly REFERENCE_KEY_PREFIXES: string;
}

/** The feature sets on the features stream: the names of the jobs that write it, sorted. */
export function featureSetsOnFeaturesStream(jobs: readonly WritingJob[]): string[] {
  return jobs
    .filter((job) => job.writes.includes(DEFAULT_SINK_STREAM))
    .map((job) => job.name)
    .sort();
}

/** The jobs of a compiled manifest, as the enricher sees them. */
export function writingJobsOf(manifest: Pick<Manifest, 'jobs'>): WritingJob[] {
  return manifest.jobs.map((job) => ({ name: job.name, writes: job.sinks.map((sink) => sink.stream) }));
}

export function enricherJobsEnvironment(jobs: readonly WritingJob[]): EnricherJobsEnvironment {
  return {
    FEATURE_SETS: featureSetsOnFeaturesStream(jobs).join(','),
    REFERENCE_KEY_PREFIXES: JSON.stringify({ zip_codes: redisTableSpec(zipCodes).keyPrefix, ip_networks: redisTableSpec(ipNetworks).keyPrefix }),
  };
}
