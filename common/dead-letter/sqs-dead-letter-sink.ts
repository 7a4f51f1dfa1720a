import { GetQueueUrlCommand, SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import { batchesWithin } from '../batches.js';
import { deadLetterFor, type DeadLetterSink, type DeadLetterStage, type PayloadStore, type RejectedDocument } from './dead-letter.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from '../kinesis-writer.js';

/**
 * SQS's limits: 10 messages per SendMessageBatch, and 256 KiB per message and per batch (the limit
 * queues have had by default; queues created since 2025 may take 1 MiB, but a sink must not assume it).
 */
export const SQS_MAX_BATCH_ENTRIES = 10;
export const SQS_MAX_BYTES = 256 * 1024;

/** Dead letters as SQS messages: what AWS tooling expects of a DLQ (alarms on depth, redrive). */
export class SqsDeadLetterSink implements DeadLetterSink {
  readonly description: string;
  private queueUrl: string | undefined;

  constructor(
    private readonly client: SQSClient,
    /** A queue name (resolved with GetQueueUrl) or a queue URL. */
    private readonly queue: string,
    private readonly payloads: PayloadStore,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly stage: DeadLetterStage = 'producer',
  ) {
    this.description = `SQS queue ${queue}`;
  }

  private async url(): Promise<string> {
    if (this.queueUrl !== undefined) return this.queueUrl;
    if (/^https?:\/\//.test(this.queue)) {
      this.queueUrl = this.queue;
    } else {
      const { QueueUrl } = await this.client.send(new GetQueueUrlCommand({ QueueName: this.queue }));
      if (QueueUrl === undefined) throw new Error(`SQS has no URL for the dead-letter queue ${this.queue}`);
      this.queueUrl = QueueUrl;
    }
    return this.queueUrl;
  }

  async write(documents: readonly RejectedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const QueueUrl = await this.url();
    const bodies = await Promise.all(documents.map(async (document) => JSON.stringify(await deadLetterFor(document, this.payloads, SQS_MAX_BYTES, this.stage))));
    const entries = bodies.map((MessageBody, index): SendMessageBatchRequestEntry => ({ Id: String(index), MessageBody }));
    for (const batch of batchesWithin(entries, { maxCount: SQS_MAX_BATCH_ENTRIES, maxBytes: SQS_MAX_BYTES }, (entry) => Buffer.byteLength(entry.MessageBody ?? '', 'utf8'))) {
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        const response = await this.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: pending }));
        const failed = response.Failed ?? [];
        if (failed.length === 0) break;
        // Sender faults (a message SQS refuses as such) will not pass on a retry either.
        const fatal = failed.find((failure) => failure.SenderFault === true);
        if (fatal !== undefined || attempt >= this.retry.maxAttempts) {
          const failure = fatal ?? failed[0];
          const document = documents[Number(failure?.Id)];
          throw new Error(`dead letter for ${document?.index ?? '?'}/${document?.id ?? '?'} was refused by ${this.description}: ${failure?.Code ?? '?'} ${failure?.Message ?? ''}`);
        }
        await sleep(backoffDelay(this.retry, attempt));
        const failedIds = new Set(failed.map((failure) => failure.Id));
        pending = pending.filter((entry) => failedIds.has(entry.Id));
      }
    }
  }
}
