/**
 * DynamoDB Local never throttles, so UnprocessedItems cannot be provoked on it; these cases use a
 * mocked document client (the integration test covers real writes and idempotency).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { PredictionWriter, type Prediction } from '../../../enricher/prediction-writer.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(documents);
afterEach(() => mock.reset());

function prediction(index: number): Prediction {
  return { pk: `p#${index}`, sk: `e-${index}`, modelName: 'm', modelVersion: '1', probability: 0.5, features: {}, eventTime: '2026-11-23T12:00:00.000Z', timestamps: { scoredAt: 1 } };
}

const requestsOf = (input: BatchWriteCommandInput) => input.RequestItems?.predictions ?? [];

describe('PredictionWriter retries', () => {
  it('sends again only the unprocessed items, until none is left', async () => {
    const sent: number[] = [];
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
      const requests = requestsOf(input);
      sent.push(requests.length);
      // The first answer leaves the last three unprocessed (as a throttled table does).
      return { UnprocessedItems: sent.length === 1 ? { predictions: requests.slice(-3) } : {} };
    });
    const writer = new PredictionWriter(documents, 'predictions', { ttlDays: 1, baseDelayMs: 1, concurrency: 1 });
    const result = await writer.write(Array.from({ length: 10 }, (_, index) => prediction(index)));
    expect(result).toEqual({ written: 10, failed: [] });
    expect(sent).toEqual([10, 3]);
  });

  it('hands back the items still unprocessed after the last attempt, with the reason', async () => {
    mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => ({
      UnprocessedItems: { predictions: requestsOf(input).filter((request) => request.PutRequest?.Item?.pk === 'p#2') },
    }));
    const writer = new PredictionWriter(documents, 'predictions', { ttlDays: 1, baseDelayMs: 1, maxAttempts: 3 });
    const result = await writer.write([prediction(1), prediction(2), prediction(3)]);
    expect(result.written).toBe(2);
    expect(result.failed).toEqual([{ prediction: prediction(2), reason: 'DynamoDB left the item unprocessed 3 times (throttled)' }]);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});
