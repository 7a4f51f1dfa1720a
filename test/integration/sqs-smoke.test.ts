import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localSqsClient } from '../../common/aws-clients.js';
import { uniqueName } from '../support/unique-name.js';

describe('SQS (ElasticMQ, real server)', () => {
  const client = localSqsClient(inject('services').sqs);
  const queues: string[] = [];

  afterAll(async () => {
    await Promise.all(queues.map((QueueUrl) => client.send(new DeleteQueueCommand({ QueueUrl }))));
    client.destroy();
  });

  it('sends a batch, receives it and deletes it; an over-limit batch is refused', async () => {
    // Prepare
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: uniqueName('smoke-dlq') }));
    if (QueueUrl === undefined) throw new Error('CreateQueue returned no URL');
    queues.push(QueueUrl);

    // Act
    const sent = await client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [1, 2, 3].map((n) => ({ Id: `m${n}`, MessageBody: JSON.stringify({ n }) })) }));
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    const deleted = await client.send(
      new DeleteMessageBatchCommand({ QueueUrl, Entries: (received.Messages ?? []).map((message, index) => ({ Id: `d${index}`, ReceiptHandle: message.ReceiptHandle ?? '' })) }),
    );
    const tooMany = client.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 11 }, (_, n) => ({ Id: `x${n}`, MessageBody: 'x' })) }));

    // Assess
    expect(sent.Successful).toHaveLength(3);
    expect((received.Messages ?? []).map((message) => JSON.parse(message.Body ?? '{}') as { n: number }).map(({ n }) => n).sort()).toEqual([1, 2, 3]);
    expect(deleted.Successful).toHaveLength(3);
    await expect(tooMany).rejects.toThrow(/TooManyEntriesInBatchRequest|Maximum number of entries/i);
  });
});
