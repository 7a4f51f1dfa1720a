/**
 * What happens to each record of one batch, as the stages decide it: skipped, retried, written, or waiting
 * to be dead-lettered (written to the sink at the end, in one call). A record's last decision wins, so a
 * stage later in the batch (a failed dead-letter write) can turn an earlier one into a retry.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import type { RejectedDocument } from '../../common/dead-letter/dead-letter.js';

export type RecordOutcome =
  | { readonly kind: 'written' }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'dead-lettered'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string };

export interface PendingDeadLetter {
  readonly record: KinesisStreamRecord;
  readonly document: RejectedDocument;
}

export class BatchLedger {
  readonly outcomes = new Map<string, RecordOutcome>();
  readonly pendingDeadLetters: PendingDeadLetter[] = [];

  skip(record: KinesisStreamRecord, reason: string): void {
    this.outcomes.set(record.kinesis.sequenceNumber, { kind: 'skipped', reason });
  }

  retry(record: KinesisStreamRecord, reason: string): void {
    this.outcomes.set(record.kinesis.sequenceNumber, { kind: 'retry', reason });
  }

  retryBySequence(sequence: string, reason: string): void {
    this.outcomes.set(sequence, { kind: 'retry', reason });
  }

  written(record: KinesisStreamRecord): void {
    this.outcomes.set(record.kinesis.sequenceNumber, { kind: 'written' });
  }

  /** Queues the record for the dead-letter sink, with its source (the raw text, or the parsed row) and why. */
  deadLetter(record: KinesisStreamRecord, source: unknown, reason: string): void {
    this.pendingDeadLetters.push({ record, document: { index: `${record.eventSourceARN}#${record.eventID.split(':')[0] ?? ''}`, id: record.kinesis.sequenceNumber, source, reason } });
  }

  deadLettered(pending: PendingDeadLetter): void {
    this.outcomes.set(pending.record.kinesis.sequenceNumber, { kind: 'dead-lettered', reason: pending.document.reason });
  }

  count(kind: RecordOutcome['kind']): number {
    return [...this.outcomes.values()].filter((outcome) => outcome.kind === kind).length;
  }
}
