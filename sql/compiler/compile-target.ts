/**
 * Where compiled jobs will run, which decides the connector options of every table. Compiling is a
 * pure function of (job, target): a local run compiles against the live local endpoint, a deploy
 * against the account's stream ARNs, golden files against fixed example targets.
 */
import type { DataLakeCopy } from '../dsl/data-lake.js';
import type { ReferenceTable } from '../dsl/reference-table.js';
import { JobDefinitionError } from '../errors.js';

export type TableOptions = readonly (readonly [string, string])[];

/** Physical stream names by logical name (`raw`, `features`, ...), as a table or as a rule. */
export type StreamNames = Readonly<Record<string, string>> | ((logical: string) => string);

/** The physical name of a logical stream: its entry, or the logical name when there is none. */
export function physicalStream(names: StreamNames | undefined, logical: string): string {
  return typeof names === 'function' ? names(logical) : (names?.[logical] ?? logical);
}

export interface CompileTarget {
  readonly name: 'local' | 'aws';
  /** Job settings (`SET`) this target needs, besides the ones every job gets. */
  readonly settings: TableOptions;
  /** `consumer` names the reading job: each job gets its own enhanced fan-out consumer. */
  readonly sourceOptions: (stream: string, consumer: string) => TableOptions;
  readonly sinkOptions: (stream: string) => TableOptions;
  /** Where a reference table's rows live on this target (the runner's `redis` or `reference-file` table). */
  readonly referenceOptions: (table: ReferenceTable) => TableOptions;
  /** The filesystem table of a job's data-lake copy: Parquet files under the target's data-lake root. */
  readonly dataLakeOptions: (copy: DataLakeCopy) => TableOptions;
  /** The folder URI a data-lake copy writes under. */
  readonly dataLakeFolder: (copy: DataLakeCopy) => string;
}

/** Where reference tables live on a target; each is needed only by jobs that use such a table. */
export interface ReferenceLocations {
  /** redis://host:port locally; rediss://host:port (TLS) for ElastiCache. */
  readonly redisUrl?: string;
  /**
   * `cluster` for a Redis Cluster: ElastiCache Serverless is one (keys on several shards), so the
   * aws target defaults to it; `standalone` (the local default) for one server.
   */
  readonly redisMode?: 'standalone' | 'cluster';
  /**
   * A Secrets Manager secret (ARN) holding the cache user's `{ "username", "password" }`, which the
   * runner reads on each connect. Required on AWS: the CDK app's cache has its default user off.
   */
  readonly redisCredentialsSecret?: string;
  /** A local Secrets Manager API for `redisCredentialsSecret` (local runs and tests only). */
  readonly secretsManagerEndpoint?: string;
  /** A folder URI that `fileStore` paths are relative to: file:///... locally, s3://bucket/prefix in AWS. */
  readonly referenceDataRoot?: string;
  /** A folder URI that data-lake copies (`withDataLakeCopy`) are written under: file:///... locally, s3://bucket/prefix in AWS. */
  readonly dataLakeRoot?: string;
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
}

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
}

const JSON_FORMAT: TableOptions = [
  ['format', 'json'],
  // Instants as ISO-8601 (`2026-11-23T10:00:00.000Z`), which every JSON consumer parses.
  ['json.timestamp-format.standard', 'ISO-8601'],
  // A record the producer let through but Flink cannot parse fails the job loudly instead of
  // being skipped: silently dropped records are data loss.
  ['json.ignore-parse-errors', 'false'],
];

/**
 * Option keys of the Kinesis SQL connector the runner ships: `flink-connector-kinesis` 4.3.0-1.19,
 * the newest Flink Kinesis SQL connector published to the Maven Central this project builds from
 * (5.x for Flink 1.20 and 6.x for 2.x are not there). Its source is the FlinkKinesisConsumer
 * (`scan.*` options become its `flink.*` properties); its sink is the KinesisStreamsSink. Streams are
 * named, not given by ARN.
 */
const BASIC_CREDENTIALS: TableOptions = [
  ['aws.credentials.provider', 'BASIC'],
  ['aws.credentials.basic.accesskeyid', 'local'],
  ['aws.credentials.basic.secretkey', 'local'],
];

function redisCredentialOptions(targetName: string, table: ReferenceTable, locations: ReferenceLocations): TableOptions {
  if (locations.redisCredentialsSecret === undefined) {
    if (targetName !== 'aws') return [];
    throw new JobDefinitionError(
      `reference table '${table.name}' is in Redis, but the 'aws' compile target has no credentials secret for the cache (compile-jobs --redis-secret, or REDIS_AUTH_SECRET_ARN: the CDK app's CacheSecretArn output); the cache lets no one in without it`,
    );
  }
  return [
    ['credentials.secret', locations.redisCredentialsSecret],
    ...(locations.secretsManagerEndpoint === undefined ? [] : ([['credentials.secret.endpoint', locations.secretsManagerEndpoint]] as const)),
  ];
}

function referenceOptions(targetName: string, locations: ReferenceLocations, defaultRedisMode: 'standalone' | 'cluster'): (table: ReferenceTable) => TableOptions {
  return (table) => {
    const { store } = table;
    if (store.kind === 'redis') {
      if (locations.redisUrl === undefined) {
        throw new JobDefinitionError(
          `reference table '${table.name}' is in Redis, but the '${targetName}' compile target has no Redis URL (compile-jobs --redis-url, or REDIS_URL)`,
        );
      }
      return [
        ['connector', 'redis'],
        ['url', locations.redisUrl],
        ...((locations.redisMode ?? defaultRedisMode) === 'cluster' ? ([['mode', 'cluster']] as const) : []),
        ...redisCredentialOptions(targetName, table, locations),
        ['key-prefix', store.keyPrefix],
        ...(table.cache === undefined
          ? []
          : ([
              ['lookup.cache', 'PARTIAL'],
              ['lookup.partial-cache.max-rows', String(table.cache.maxRows)],
              ['lookup.partial-cache.expire-after-write', `${table.cache.expireAfterWrite.millis} ms`],
            ] as const)),
        ['format', 'json'],
      ];
    }
    if (locations.referenceDataRoot === undefined) {
      throw new JobDefinitionError(
        `reference table '${table.name}' is a file, but the '${targetName}' compile target has no reference data root (compile-jobs --reference-data-root)`,
      );
    }
    return [
      ['connector', 'reference-file'],
      ['path', `${locations.referenceDataRoot.replace(/\/+$/, '')}/${store.path}`],
      ['reload-interval', `${store.reloadEvery.millis} ms`],
      ['format', 'json'],
    ];
  };
}

function dataLakeFolder(targetName: string, locations: ReferenceLocations): (copy: DataLakeCopy) => string {
  return (copy) => {
    if (locations.dataLakeRoot === undefined) {
      throw new JobDefinitionError(`a job writes a data-lake copy to '${copy.folder}', but the '${targetName}' compile target has no data-lake root (compile-jobs --data-lake-root)`);
    }
    return `${locations.dataLakeRoot.replace(/\/+$/, '')}/${copy.folder}`;
  };
}

function dataLakeOptions(targetName: string, locations: ReferenceLocations): (copy: DataLakeCopy) => TableOptions {
  const folder = dataLakeFolder(targetName, locations);
  return (copy) => {
    return [
      ['connector', 'filesystem'],
      ['path', folder(copy)],
      ['format', 'parquet'],
      // Snappy: fast to write and read, what Athena, Spark and DuckDB expect by default.
      ['parquet.compression', 'SNAPPY'],
      // No rolling policy: Flink rolls a bulk-format file on every checkpoint whatever it says.
    ];
  };
}

/** Kinesis through the local Kinesis API (kinesalite) with its fixed test credentials. */
export function localTarget(options: LocalTargetOptions): CompileTarget {
  const region = options.region ?? 'us-east-1';
  const common = (stream: string): TableOptions => [
    ['connector', 'kinesis'],
    ['stream', physicalStream(options.streamNames, stream)],
    ['aws.region', region],
    ['aws.endpoint', options.kinesisEndpoint],
    ...BASIC_CREDENTIALS,
  ];
  return {
    name: 'local',
    // A source subtask without records for 1 s stops holding the watermark (the minimum over
    // subtasks, one per shard here) back; otherwise one quiet shard keeps every event-time window open.
    settings: [['table.exec.source.idle-timeout', '1 s']],
    sourceOptions: (stream) => [
      ...common(stream),
      ['scan.stream.initpos', 'TRIM_HORIZON'],
      // Poll every 20 ms instead of 200 ms: locally, latency matters more than GetRecords calls.
      ['scan.shard.getrecords.intervalmillis', String(options.getRecordsIntervalMs ?? 20)],
      ...JSON_FORMAT,
    ],
    sinkOptions: (stream) => [
      ...common(stream),
      ['aws.trust.all.certificates', 'true'],
      // The local Kinesis API serves no HTTP/2 (see common/aws-clients.ts).
      ['aws.http.protocol.version', 'HTTP1_1'],
      ['sink.flush-buffer.timeout', '20'],
      ...JSON_FORMAT,
    ],
    referenceOptions: referenceOptions('local', options, 'standalone'),
    dataLakeOptions: dataLakeOptions('local', options),
    dataLakeFolder: dataLakeFolder('local', options),
  };
}

/** Kinesis in an AWS account; credentials come from the Managed Flink application's role. */
export function awsTarget(options: AwsTargetOptions): CompileTarget {
  const physical = (stream: string): string => physicalStream(options.streamNames, stream);
  const common = (stream: string): TableOptions => [
    ['connector', 'kinesis'],
    ['stream', physical(stream)],
    ['aws.region', options.region],
  ];
  const reader = options.reader ?? 'EFO';
  return {
    name: 'aws',
    // As locally, but later: a shard quiet for 30 s is rare with real traffic, and data arriving on
    // a shard after it was marked idle may be late for windows that closed meanwhile.
    settings: [['table.exec.source.idle-timeout', '30 s']],
    sourceOptions: (stream, consumer) => [
      ...common(stream),
      ['scan.stream.initpos', 'LATEST'],
      ...(reader === 'EFO'
        ? ([
            ['scan.stream.recordpublisher', 'EFO'],
            ['scan.stream.efo.consumername', consumer],
          ] as const)
        : []),
      ...JSON_FORMAT,
    ],
    // 100 ms flush instead of the 5 s default: the latency budget for Kinesis -> Flink -> Kinesis is 10-20 ms per hop.
    sinkOptions: (stream) => [...common(stream), ['sink.flush-buffer.timeout', '100'], ...JSON_FORMAT],
    referenceOptions: referenceOptions('aws', options, 'cluster'),
    dataLakeOptions: dataLakeOptions('aws', options),
    dataLakeFolder: dataLakeFolder('aws', options),
  };
}
