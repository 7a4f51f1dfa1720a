/**
 * Dead letters: each document the producer cannot send becomes one JSON message with its index, id,
 * the reason and its raw source, written to a dead-letter destination (an SQS queue by default, or a
 * Kinesis stream). A source too large for one message is stored whole in a payload store and the
 * message points at it, so nothing of the document is lost.
 */
import { createHash } from 'node:crypto';

export interface DeadLetter {
  /** Which hop gave it up. */
  readonly stage: DeadLetterStage;
  readonly index: string;
  readonly id: string;
  readonly reason: string;
  /** The document's `_source` as JSON text, or null when it is in the payload store. */
  readonly source: string | null;
  readonly sourceBytes: number;
  readonly sourceSha256: string;
  /** Where the whole source is when it did not fit in the message. */
  readonly sourceLocation?: string;
  readonly deadLetteredAt: string;
  /** A `flink` letter's job, and where its record was (its `index` is `stream/shard`, its `id` the sequence number). */
  readonly job?: string;
}

/** `flink`: a job's source could not read a record of its stream (runner/.../deadletter/). */
export type DeadLetterStage = 'producer' | 'enricher' | 'flink';

export interface RejectedDocument {
  /** Where it came from: the Elasticsearch index, or the stream and shard. */
  readonly index: string;
  /** Its id there: the document id, or the sequence number. */
  readonly id: string;
  readonly source: unknown;
  readonly reason: string;
}

/** Where dead letters go; `write` throws if any cannot be written (the producer then stops). */
export interface DeadLetterSink {
  readonly description: string;
  write(documents: readonly RejectedDocument[]): Promise<void>;
}

/** Holds sources too large for a dead letter: a folder locally, an S3 prefix in AWS (payload-stores.ts). */
export interface PayloadStore {
  /** Stores `body` under `key` and returns a URI to it. */
  put(key: string, body: string): Promise<string>;
}

/** Room left in a dead letter for everything but the source. */
const ENVELOPE_ALLOWANCE = 4096;

/** Builds a document's dead letter; a source over `maxBytes` minus the envelope goes to `payloads`. */
export async function deadLetterFor(document: RejectedDocument, payloads: PayloadStore, maxBytes: number, stage: DeadLetterStage = 'producer'): Promise<DeadLetter> {
  // JSON.stringify(undefined) is undefined: a hit without _source is stored as null.
  const source = JSON.stringify(document.source ?? null);
  const sourceBytes = Buffer.byteLength(source, 'utf8');
  const sourceSha256 = createHash('sha256').update(source).digest('hex');
  const fits = sourceBytes + ENVELOPE_ALLOWANCE < maxBytes;
  return {
    stage,
    index: document.index,
    id: document.id,
    reason: document.reason,
    source: fits ? source : null,
    sourceBytes,
    sourceSha256,
    ...(fits ? {} : { sourceLocation: await payloads.put(`${document.index}-${document.id}-${sourceSha256.slice(0, 12)}`, source) }),
    deadLetteredAt: new Date().toISOString(),
  };
}
