/** Reading the pipeline's Kinesis records back: which event a record is about, and the producer's send time. */
import type { KinesisStreamRecord } from 'aws-lambda';
import { SENT_AT_FIELD } from '../../producer/producer.js';

/** A record's data as a JSON object; none for anything else (the enricher dead-letters it and says why). */
export function rowOf(record: KinesisStreamRecord): Record<string, unknown> | undefined {
  try {
    const row: unknown = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
    return row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The event a row is about; none for a row of another job on the features stream (the enricher skips those, it writes nothing). */
export function eventIdOf(row: Record<string, unknown> | undefined, otherFeatureSets: ReadonlySet<string>): string | undefined {
  if (typeof row?.feature_set === 'string' && otherFeatureSets.has(row.feature_set)) return undefined;
  return typeof row?.event_id === 'string' ? row.event_id : undefined;
}

/** When the producer sent a raw record (its `sent_at`); none for a row without one. */
export function sentAtOf(row: Record<string, unknown> | undefined): number | undefined {
  const sentAt = row?.[SENT_AT_FIELD];
  return typeof sentAt === 'number' ? sentAt : undefined;
}
