/**
 * Reads a run's dead letters off its SQS queue (ElasticMQ locally) as they arrive: each message is
 * parsed, kept, and deleted, so the next read gets only new ones. A message that is not a dead letter
 * is kept with its text as the reason rather than dropped.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';

export async function drainDeadLetters(sqs: SQSClient, queueUrl: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (;;) {
    const { Messages: messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
    if (messages.length === 0) return letters;
    for (const message of messages) letters.push(parseDeadLetter(message.Body ?? ''));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })) }));
  }
}

function parseDeadLetter(body: string): DeadLetter {
  try {
    const parsed = JSON.parse(body) as Partial<DeadLetter>;
    if (typeof parsed.id === 'string' && typeof parsed.reason === 'string') return parsed as DeadLetter;
  } catch {
    // kept below with its text as the reason
  }
  return { stage: 'producer', index: '?', id: '?', reason: `not a dead letter: ${body.slice(0, 200)}`, source: body, sourceBytes: Buffer.byteLength(body), sourceSha256: '', deadLetteredAt: new Date().toISOString() };
}

/** The event id inside a dead letter of the enricher (whose id is the record's sequence number). */
export function eventIdOfDeadLetter(letter: DeadLetter): string | undefined {
  if (letter.stage === 'producer') return letter.id;
  try {
    const source: unknown = JSON.parse(letter.source ?? 'null');
    // The enricher keeps the record's data as text: a feature row, or whatever was there.
    const row: unknown = typeof source === 'string' ? JSON.parse(source) : source;
    if (row !== null && typeof row === 'object' && 'event_id' in row && typeof row.event_id === 'string') return row.event_id;
  } catch {
    // not JSON: no event id
  }
  return undefined;
}
