/**
 * Where compiled jobs will run, which decides the connector options of every table. Compiling is a
 * pure function of (job, target): a local run compiles against the live local endpoint, a deploy
 * against the account's stream ARNs, golden files against fixed example targets.
 */
import type { DataLakeCopy } from '../dsl/data-lake.js';
import type { ReferenceTable } from '../dsl/reference-table.js';
import { JobDefinitionError } from '../errors.js';
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { kinesisSinkOptions, kinesisSourceOptions, type DeadLetterSettings, type KinesisConnection } from './connectors/kinesis-options.js';
import type { TableOptions } from './connectors/table-options.js';
import { dataLakeFolder, dataLakeTableOptions, referenceTableOptions, type ReferenceLocations } from './reference-locations.js';

export type { TableOptions } from './connectors/table-options.js';
export type { ReferenceLocations } from './reference-locations.js';

/** Physical stream names by logical name (`raw`, `features`, ...), as a table or as a rule. */
export type StreamNames = Readonly<Record<string, string>> | ((logical: string) => string);

/** The physical name of a logical stream: its entry, or the logical name when there is none. */
export function physicalStream(names: StreamNames | undefined, logical: string): string {
  return typeof names === 'function' ? names(logical) : (names?.[logical] ?? logical);
}

/** One job's read of a source stream. */
export interface SourceRead {
  /** The logical stream name. */
  readonly stream: string;
  /** Names the reading job's consumer: each job gets its own enhanced fan-out consumer. */
  readonly consumer: string;
  /** The job's name (`user-sessions.v1`), in the dead letters of records it cannot read. */
  readonly job: string;
  /** The source's non-nullable columns: a record without one is dead-lettered. */
  readonly requiredColumns: readonly string[];
}

/**
 * A target is its connector options: each factory below settles its choices (endpoints, reader,
 * Redis mode) once, so nothing downstream asks which target it has.
 */
export interface CompileTarget {
  /** For the manifest and messages only. */
  readonly name: 'local' | 'aws';
  /** Job settings (`SET`) this target needs, besides the ones every job gets. */
  readonly settings: TableOptions;
  readonly sourceOptions: (read: SourceRead) => TableOptions;
  readonly sinkOptions: (stream: string) => TableOptions;
  /** Where a reference table's rows live on this target (the runner's `redis` or `reference-file` table). */
  readonly referenceOptions: (table: ReferenceTable) => TableOptions;
  /** The filesystem table of a job's data-lake copy: Parquet files under the target's data-lake root. */
  readonly dataLakeOptions: (copy: DataLakeCopy) => TableOptions;
  /** The folder URI a data-lake copy writes under. */
  readonly dataLakeFolder: (copy: DataLakeCopy) => string;
}

export interface LocalTargetOptions extends ReferenceLocations {
  /** The local Kinesis API, e.g. from `npm run services -- up`. */
  readonly kinesisEndpoint: string;
  readonly region?: string;
  /**
   * Physical stream names by logical name, e.g. per test run; default: the logical name. A function
   * names every stream a job may use, e.g. `(stream) => \`${run}-${stream}\``.
   */
  readonly streamNames?: StreamNames;
  /**
   * How often a source polls each shard (default 20 ms). Every poll costs the local Kinesis API CPU
   * that the rest of a whole-pipeline run on the same cores needs.
   */
  readonly getRecordsIntervalMs?: number;
  /**
   * Where sources send the records their job cannot read: an SQS queue (`npm start` gives each run its own),
   * or by default a JSON-lines file per job under `.cache/dead-letters/`.
   */
  readonly deadLetters?: LocalDeadLetters;
}

export type LocalDeadLetters = { readonly queueUrl: string; readonly sqsEndpoint: string; readonly payloadsFolder?: string } | { readonly folder: string };

export interface AwsTargetOptions extends ReferenceLocations {
  readonly region: string;
  /**
   * EFO (the default): each job is an enhanced fan-out consumer with its own 2 MB/s per shard, pushed
   * records, and no share of the 5 GetRecords calls per second per shard that every polling reader of a
   * stream divides (Kinesis Data Streams quotas); a stream takes at most 20 such consumers.
   * POLLING shares the stream's read throughput.
   */
  readonly reader?: 'POLLING' | 'EFO';
  /** Physical stream names by logical name (`raw`, `features`), when they differ. */
  readonly streamNames?: StreamNames;
  /**
   * The SQS queue every source sends the records its job cannot read to (the CDK app's
   * `<name>-jobs-dlq`, its JobsDeadLetterQueueUrl output). Required: a source compiled without it would fail its job on such a record.
   */
  readonly deadLetterQueueUrl?: string;
  /**
   * A folder URI for records whose letter is over SQS's 262,144-byte message limit: `s3://<bucket>/flink` (the CDK
   * app's JobsDeadLetterPayloads output); the runner writes `<folder>/<job>/<stream>-<shard>-<sequence>-<sha12>`.
   * Without it, such a letter fails the job.
   */
  readonly deadLetterPayloads?: string;
}

/** Where a local run's dead letters go when no queue is given: `.cache/dead-letters/<job>.jsonl`. */
export const DEFAULT_DEAD_LETTER_FOLDER = join(REPO_ROOT, '.cache/dead-letters');

function localDeadLetters(read: SourceRead, deadLetters: LocalDeadLetters): DeadLetterSettings {
  const common = { job: read.job, requiredColumns: read.requiredColumns };
  if ('folder' in deadLetters) return { ...common, destination: { kind: 'file', path: join(deadLetters.folder, `${read.job}.jsonl`) } };
  return { ...common, destination: { kind: 'sqs', queueUrl: deadLetters.queueUrl, endpoint: deadLetters.sqsEndpoint, ...(deadLetters.payloadsFolder === undefined ? {} : { payloads: deadLetters.payloadsFolder }) } };
}

/** Kinesis through the local Kinesis API (kinesalite) with its fixed test credentials. */
export function localTarget(options: LocalTargetOptions): CompileTarget {
  const connection: KinesisConnection = { region: options.region ?? 'us-east-1', localEndpoint: options.kinesisEndpoint };
  const physical = (stream: string): string => physicalStream(options.streamNames, stream);
  return {
    name: 'local',
    // A source subtask without records for 1 s stops holding the watermark (the minimum over
    // subtasks, one per shard here) back; otherwise one quiet shard keeps every event-time window open.
    settings: [['table.exec.source.idle-timeout', '1 s']],
    sourceOptions: (read) =>
      kinesisSourceOptions({
        stream: physical(read.stream),
        connection,
        startAt: 'TRIM_HORIZON',
        // Poll every 20 ms instead of 200 ms: locally, latency matters more than GetRecords calls.
        reader: { kind: 'POLLING', intervalMs: options.getRecordsIntervalMs ?? 20 },
        deadLetters: localDeadLetters(read, options.deadLetters ?? { folder: DEFAULT_DEAD_LETTER_FOLDER }),
      }),
    sinkOptions: (stream) => kinesisSinkOptions({ stream: physical(stream), connection, flushBufferTimeoutMs: 20 }),
    referenceOptions: referenceTableOptions('local', options, { mode: 'standalone', credentialsRequired: false }),
    dataLakeOptions: dataLakeTableOptions('local', options),
    dataLakeFolder: dataLakeFolder('local', options),
  };
}

function awsDeadLetters(read: SourceRead, options: AwsTargetOptions): DeadLetterSettings {
  if (options.deadLetterQueueUrl === undefined) {
    throw new JobDefinitionError(
      `job '${read.job}' reads stream '${read.stream}', but the 'aws' compile target has no dead-letter queue for the records it cannot read (compile-jobs --dead-letter-queue-url, or the CDK app's JobsDeadLetterQueueUrl output)`,
    );
  }
  return {
    job: read.job,
    requiredColumns: read.requiredColumns,
    // No endpoint: the runner's SQS client takes the application role's credentials, in the queue's region.
    destination: { kind: 'sqs', queueUrl: options.deadLetterQueueUrl, region: options.region, ...(options.deadLetterPayloads === undefined ? {} : { payloads: options.deadLetterPayloads }) },
  };
}

/** Kinesis in an AWS account; credentials come from the Managed Flink application's role. */
export function awsTarget(options: AwsTargetOptions): CompileTarget {
  const connection: KinesisConnection = { region: options.region };
  const physical = (stream: string): string => physicalStream(options.streamNames, stream);
  const reader = options.reader ?? 'EFO';
  return {
    name: 'aws',
    // As locally, but later: a shard quiet for 30 s is rare with real traffic, and data arriving on
    // a shard after it was marked idle may be late for windows that closed meanwhile.
    settings: [['table.exec.source.idle-timeout', '30 s']],
    // A record a job cannot read goes to the CDK app's jobs DLQ (and its payload folder when oversized), as locally.
    sourceOptions: (read) =>
      kinesisSourceOptions({
        stream: physical(read.stream),
        connection,
        startAt: 'LATEST',
        reader: reader === 'EFO' ? { kind: 'EFO', consumer: read.consumer } : { kind: 'POLLING' },
        deadLetters: awsDeadLetters(read, options),
      }),
    // 100 ms flush instead of the 5 s default: the latency budget for Kinesis -> Flink -> Kinesis is 10-20 ms per hop.
    sinkOptions: (stream) => kinesisSinkOptions({ stream: physical(stream), connection, flushBufferTimeoutMs: 100 }),
    // ElastiCache Serverless is a Redis Cluster, and the CDK app's cache has its default user off.
    referenceOptions: referenceTableOptions('aws', options, { mode: 'cluster', credentialsRequired: true }),
    dataLakeOptions: dataLakeTableOptions('aws', options),
    dataLakeFolder: dataLakeFolder('aws', options),
  };
}
