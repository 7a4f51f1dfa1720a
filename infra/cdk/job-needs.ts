/**
 * What the jobs in jobs/ need from the infrastructure, by logical name: the streams they read and
 * write, the reference files they load, the data-lake folders they write, whether they open the
 * cache. The CDK app creates and grants exactly these, so a job's stream can no longer be missing
 * from the account (click-dedupe's `clicks-deduped` once was).
 */
import { jobInputs } from '../../sql/compiler/job-inputs.js';
import type { LoadedJob } from '../../sql/compiler/load-jobs.js';

export interface JobNeeds {
  /** The job's manifest name, e.g. `user-activity.v1`. */
  readonly name: string;
  /** Logical streams the job reads (`raw`). */
  readonly reads: readonly string[];
  /** Logical streams the job writes (`features`, `clicks-deduped`). */
  readonly writes: readonly string[];
  /** Reference files, relative to the reference data root (`page-categories.jsonl`). */
  readonly referenceFiles: readonly string[];
  /** Data-lake folders, relative to the data-lake root (`user-sessions`). */
  readonly dataLakeFolders: readonly string[];
  readonly usesCache: boolean;
}

export function jobNeeds({ job, identity }: LoadedJob): JobNeeds {
  const { sources, referenceTables } = jobInputs(job);
  return {
    name: identity.name,
    reads: [...new Set(sources.map((source) => source.stream))],
    writes: [job.sinkStream],
    referenceFiles: referenceTables.flatMap((table) => (table.store.kind === 'file' ? [table.store.path] : [])),
    dataLakeFolders: job.dataLake === undefined ? [] : [job.dataLake.folder],
    usesCache: referenceTables.some((table) => table.store.kind === 'redis'),
  };
}

/** The streams every deployment has whatever its jobs: the producer writes `raw`, the enricher reads `features`. */
export const PIPELINE_STREAMS = ['raw', 'features'] as const;

/** Every logical stream of the pipeline and its jobs, the pipeline's own first. */
export function logicalStreams(jobs: readonly JobNeeds[]): string[] {
  return [...new Set([...PIPELINE_STREAMS, ...jobs.flatMap((job) => [...job.reads, ...job.writes])])];
}
