import type { CompiledJob } from './compile-job.js';
import type { Job } from '../dsl/job-kinds.js';
import type { Scaling } from '../dsl/job-common.js';
import type { JobResource } from './job-resources.js';
import { outputJsonSchema } from './output-schema.js';

/**
 * build/jobs/manifest.json: the contract between the compiler and everything that runs or deploys
 * jobs (the Flink runner, deploy-jobs, the enricher). Documented in README.md ("Job manifest").
 */
export const MANIFEST_VERSION = 1;

export interface ManifestJob {
  readonly name: string;
  readonly file: string;
  readonly export: string;
  readonly type: Job['jobType'];
  readonly description?: string;
  /** Relative to the manifest's folder. */
  readonly sqlFile: string;
  readonly sources: readonly { readonly table: string; readonly stream: string }[];
  readonly sinks: readonly { readonly table: string; readonly stream: string; readonly partitionKey: readonly string[] }[];
  /**
   * The job's Parquet copy: its table, the folder URI the target compiled it for (an s3:// one needs
   * write access to that prefix) and the folder partition columns.
   */
  readonly dataLake?: { readonly table: string; readonly path: string; readonly format: 'parquet'; readonly partitionBy: readonly string[] };
  /** Reference tables the job looks up; a `redis` one means the job needs network access to the cache. */
  readonly referenceTables: readonly { readonly table: string; readonly store: 'redis' | 'file'; readonly location: string }[];
  /**
   * What the script's connectors use, with the names the target gave them: the streams it reads and
   * writes (and the enhanced fan-out consumer of a read), reference files, data-lake folders, the
   * cache and its credentials secret. deploy-jobs checks each exists and is granted before deploying.
   */
  readonly resources: readonly JobResource[];
  readonly outputSchema: Record<string, unknown>;
  readonly stateHash: string;
  /** Parallelism and autoscaling on Managed Flink (the job's `scaling`); not part of the state hash. */
  readonly scaling: Scaling;
}

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly target: string;
  readonly jobs: readonly ManifestJob[];
}

export function manifestEntry(job: Job, compiled: CompiledJob): ManifestJob {
  const { identity } = compiled;
  return {
    name: identity.name,
    file: identity.file,
    export: identity.exportName,
    type: job.jobType,
    ...(job.description === undefined ? {} : { description: job.description }),
    sqlFile: `${identity.name}.sql`,
    sources: compiled.sources.map((source) => ({ table: source.name, stream: source.stream })),
    sinks: [{ table: compiled.sinkTable, stream: job.sinkStream, partitionKey: job.partitionKey }],
    ...(compiled.dataLake === undefined ? {} : { dataLake: compiled.dataLake }),
    referenceTables: compiled.referenceTables.map((table) => ({
      table: table.name,
      store: table.store.kind,
      location: table.store.kind === 'redis' ? `key prefix ${table.store.keyPrefix}` : table.store.path,
    })),
    resources: compiled.resources,
    outputSchema: outputJsonSchema(job, identity.name),
    stateHash: compiled.stateHash,
    scaling: job.scaling,
  };
}
