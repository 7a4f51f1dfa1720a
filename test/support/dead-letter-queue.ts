import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';

/** Every dead letter on the queue, parsed; each is deleted once read, so a second drain sees only new ones. */
export async function drainDeadLetters(sqs: SQSClient, QueueUrl: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
    if (Messages.length === 0) return letters;
    letters.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}') as DeadLetter));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })) }));
  }
}
