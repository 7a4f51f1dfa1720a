/**
 * The producer's dead-letter destination: a Kinesis stream (`clickstream-dlq` by default; locally on
 * the local Kinesis API, in AWS a stream the CDK app creates). Each rejected document becomes one
 * JSON record with its index, id, the reason and its raw source. A source too large for a Kinesis
 * record (over 1 MiB) is stored whole in a payload store and the record points at it, so nothing of
 * the document is lost.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KinesisRecordWriter, MAX_RECORD_BYTES, recordBytes, type RetryPolicy } from './kinesis-writer.js';

export interface DeadLetter {
  readonly stage: 'producer';
  readonly index: string;
  readonly id: string;
  readonly reason: string;
  /** The document's `_source` as JSON text, or null when it is in the payload store. */
  readonly source: string | null;
  readonly sourceBytes: number;
  readonly sourceSha256: string;
  /** Where the whole source is when it did not fit in the record. */
  readonly sourceLocation?: string;
  readonly deadLetteredAt: string;
}

export interface RejectedDocument {
  readonly index: string;
  readonly id: string;
  readonly source: unknown;
  readonly reason: string;
}

/** Holds sources too large for a dead-letter record: a folder locally, an S3 prefix in AWS. */
export interface PayloadStore {
  /** Stores `body` under `key` and returns a URI to it. */
  put(key: string, body: string): Promise<string>;
}

export class FolderPayloadStore implements PayloadStore {
  constructor(private readonly folder: string) {}

  put(key: string, body: string): Promise<string> {
    mkdirSync(this.folder, { recursive: true });
    const path = join(this.folder, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
    writeFileSync(path, body);
    return Promise.resolve(pathToFileURL(path).href);
  }
}

/** Room left in a dead-letter record for everything but the source. */
const ENVELOPE_ALLOWANCE = 4096;

export class DeadLetterWriter {
  private readonly writer: KinesisRecordWriter;

  constructor(
    client: KinesisClient,
    readonly stream: string,
    private readonly payloads: PayloadStore,
    options: { readonly lanes?: number; readonly retry?: RetryPolicy } = {},
  ) {
    this.writer = new KinesisRecordWriter(client, { stream, lanes: options.lanes ?? 2, ...(options.retry === undefined ? {} : { retry: options.retry }) });
  }

  /** Writes every rejected document to the dead-letter stream; throws if any cannot be written. */
  async write(documents: readonly RejectedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const encoder = new TextEncoder();
    const records = await Promise.all(
      documents.map(async (document) => {
        // JSON.stringify(undefined) is undefined: a hit without _source is stored as null.
        const source = JSON.stringify(document.source ?? null);
        const sourceBytes = Buffer.byteLength(source, 'utf8');
        const sourceSha256 = createHash('sha256').update(source).digest('hex');
        const fits = sourceBytes + ENVELOPE_ALLOWANCE < MAX_RECORD_BYTES;
        const letter: DeadLetter = {
          stage: 'producer',
          index: document.index,
          id: document.id,
          reason: document.reason,
          source: fits ? source : null,
          sourceBytes,
          sourceSha256,
          ...(fits ? {} : { sourceLocation: await this.payloads.put(`${document.index}-${document.id}-${sourceSha256.slice(0, 12)}`, source) }),
          deadLetteredAt: new Date().toISOString(),
        };
        return { partitionKey: document.id || 'no-id', data: encoder.encode(JSON.stringify(letter)), tag: document };
      }),
    );
    const tooLarge = records.find((record) => recordBytes(record) > MAX_RECORD_BYTES);
    if (tooLarge !== undefined) throw new Error(`dead letter for ${tooLarge.tag.index}/${tooLarge.tag.id} is over 1 MiB even without its source (reason or id too long)`);
    const outcomes = await this.writer.write(records);
    const failed = outcomes.filter((outcome) => !outcome.ok);
    const first = failed[0];
    if (first !== undefined) {
      const example = ` (first: ${first.tag.index}/${first.tag.id}: ${first.reason})`;
      throw new Error(`${failed.length} dead letters could not be written to ${this.stream}${example}`);
    }
  }
}
