/**
 * Option keys of the Kinesis SQL connector the runner ships: `flink-connector-kinesis` 4.3.0-1.19,
 * the newest Flink Kinesis SQL connector published to the Maven Central this project builds from
 * (5.x for Flink 1.20 and 6.x for 2.x are not there). Its source is the FlinkKinesisConsumer
 * (`scan.*` options become its `flink.*` properties); its sink is the KinesisStreamsSink. Streams are
 * named, not given by ARN.
 */
import type { TableOptions } from './table-options.js';

/** How a table reaches Kinesis. */
export interface KinesisConnection {
  readonly region: string;
  /**
   * A local Kinesis API (kinesalite) instead of the region's: it has no role to take credentials from,
   * so the connector signs with its fixed test ones. Without it, the application role's credentials apply.
   */
  readonly localEndpoint?: string;
}

/**
 * How a source reads its shards: `EFO` as an enhanced fan-out consumer of this name, or `POLLING`
 * with GetRecords, every `intervalMs` when given (the connector's own default otherwise).
 */
export type KinesisReader = { readonly kind: 'EFO'; readonly consumer: string } | { readonly kind: 'POLLING'; readonly intervalMs?: number };

export interface KinesisSourceSettings {
  /** The physical stream name. */
  readonly stream: string;
  readonly connection: KinesisConnection;
  /** `TRIM_HORIZON` reads what the stream still holds; `LATEST` only what is written after the job starts. */
  readonly startAt: 'TRIM_HORIZON' | 'LATEST';
  readonly reader: KinesisReader;
  /** Where records the job cannot read go; without it a record the format cannot parse fails the job. */
  readonly deadLetters?: DeadLetterSettings;
}

/**
 * The runner's `kinesis-dead-lettering` source (runner/.../deadletter/): records the job cannot read (not
 * JSON, a wrong type, a NOT NULL column missing) become dead letters with their raw bytes, the job and
 * the stream/shard/sequence number, counted, and skipped.
 */
export interface DeadLetterSettings {
  readonly job: string;
  readonly requiredColumns: readonly string[];
  readonly destination:
    | { readonly kind: 'sqs'; readonly queueUrl: string; readonly endpoint?: string; readonly region?: string; readonly payloads?: string }
    | { readonly kind: 'file'; readonly path: string };
}

/** The `dead-letter.*` options of a dead-lettering source (also accepted by the job test kit's source). */
export function deadLetterOptions(settings: DeadLetterSettings): TableOptions {
  const { destination } = settings;
  return [
    ['dead-letter.job', settings.job],
    ...(settings.requiredColumns.length === 0 ? [] : ([['dead-letter.required-columns', settings.requiredColumns.join(';')]] as const)),
    ...(destination.kind === 'file'
      ? ([['dead-letter.path', destination.path]] as const)
      : ([
          ['dead-letter.queue-url', destination.queueUrl],
          ...(destination.region === undefined ? [] : ([['dead-letter.region', destination.region]] as const)),
          ...(destination.endpoint === undefined ? [] : ([['dead-letter.endpoint', destination.endpoint]] as const)),
          ...(destination.payloads === undefined ? [] : ([['dead-letter.payloads', destination.payloads]] as const)),
        ] as const)),
  ];
}

export interface KinesisSinkSettings {
  /** The physical stream name. */
  readonly stream: string;
  readonly connection: KinesisConnection;
  /** The longest a record waits in the sink's buffer: the latency the sink adds when traffic is light. */
  readonly flushBufferTimeoutMs: number;
}

/** How every Kinesis table encodes its records; the job test kit's tables use the same, so tests decode and encode as deployed. */
export const KINESIS_RECORD_FORMAT: TableOptions = [
  ['format', 'json'],
  // Instants as ISO-8601 (`2026-11-23T10:00:00.000Z`), which every JSON consumer parses.
  ['json.timestamp-format.standard', 'ISO-8601'],
  // A record Flink cannot parse is never skipped silently: a dead-lettering source sends it to its dead
  // letters (kinesisSourceOptions' deadLetters); any other fails the job loudly.
  ['json.ignore-parse-errors', 'false'],
];

const LOCAL_CREDENTIALS: TableOptions = [
  ['aws.credentials.provider', 'BASIC'],
  ['aws.credentials.basic.accesskeyid', 'local'],
  ['aws.credentials.basic.secretkey', 'local'],
];

function connectionOptions(stream: string, connection: KinesisConnection, connector = 'kinesis'): TableOptions {
  return [
    ['connector', connector],
    ['stream', stream],
    ['aws.region', connection.region],
    ...(connection.localEndpoint === undefined ? [] : ([['aws.endpoint', connection.localEndpoint], ...LOCAL_CREDENTIALS] as const)),
  ];
}

function readerOptions(reader: KinesisReader): TableOptions {
  if (reader.kind === 'EFO') {
    return [
      ['scan.stream.recordpublisher', 'EFO'],
      ['scan.stream.efo.consumername', reader.consumer],
    ];
  }
  return reader.intervalMs === undefined ? [] : [['scan.shard.getrecords.intervalmillis', String(reader.intervalMs)]];
}

export function kinesisSourceOptions(settings: KinesisSourceSettings): TableOptions {
  const { deadLetters } = settings;
  return [
    ...connectionOptions(settings.stream, settings.connection, deadLetters === undefined ? 'kinesis' : 'kinesis-dead-lettering'),
    ['scan.stream.initpos', settings.startAt],
    ...readerOptions(settings.reader),
    ...KINESIS_RECORD_FORMAT,
    ...(deadLetters === undefined ? [] : deadLetterOptions(deadLetters)),
  ];
}

export function kinesisSinkOptions(settings: KinesisSinkSettings): TableOptions {
  return [
    ...connectionOptions(settings.stream, settings.connection),
    ...(settings.connection.localEndpoint === undefined
      ? []
      : ([
          ['aws.trust.all.certificates', 'true'],
          // The local Kinesis API serves no HTTP/2 (see common/aws-clients.ts).
          ['aws.http.protocol.version', 'HTTP1_1'],
        ] as const)),
    ['sink.flush-buffer.timeout', String(settings.flushBufferTimeoutMs)],
    ...KINESIS_RECORD_FORMAT,
  ];
}
