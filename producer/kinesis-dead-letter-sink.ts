import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { deadLetterFor, type DeadLetterSink, type PayloadStore, type RejectedDocument } from '../common/dead-letter/dead-letter.js';
import { KinesisRecordWriter, MAX_RECORD_BYTES, recordBytes, type RetryPolicy } from '../common/kinesis-writer.js';

/** Dead letters as records of a Kinesis stream (partitioned by document id): replayable, ordered. */
export class KinesisDeadLetterSink implements DeadLetterSink {
  readonly description: string;
  private readonly writer: KinesisRecordWriter;

  constructor(
    client: KinesisClient,
    stream: string,
    private readonly payloads: PayloadStore,
    options: { readonly retry?: RetryPolicy } = {},
  ) {
    this.description = `Kinesis stream ${stream}`;
    this.writer = new KinesisRecordWriter(client, { stream, lanes: 2, ...(options.retry === undefined ? {} : { retry: options.retry }) });
  }

  async write(documents: readonly RejectedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const encoder = new TextEncoder();
    const records = await Promise.all(
      documents.map(async (document) => ({
        partitionKey: document.id || 'no-id',
        data: encoder.encode(JSON.stringify(await deadLetterFor(document, this.payloads, MAX_RECORD_BYTES))),
        tag: document,
      })),
    );
    const tooLarge = records.find((record) => recordBytes(record) > MAX_RECORD_BYTES);
    if (tooLarge !== undefined) throw new Error(`dead letter for ${tooLarge.tag.index}/${tooLarge.tag.id} is over 1 MiB even without its source (reason or id too long)`);
    const outcomes = await this.writer.write(records);
    const failed = outcomes.filter((outcome) => !outcome.ok);
    const first = failed[0];
    if (first !== undefined) {
      throw new Error(`${failed.length} dead letters could not be written to ${this.description} (first: ${first.tag.index}/${first.tag.id}: ${first.reason})`);
    }
  }
}
