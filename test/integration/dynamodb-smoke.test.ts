import {
  ConditionalCheckFailedException,
  DeleteTableCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { ensurePredictionsTable } from '../../enricher/prediction-writer.js';
import { localDynamoDbClient } from '../../common/aws-clients.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique-name.js';

describe('DynamoDB Local (real engine)', () => {
  const client = localDynamoDbClient(inject('services').dynamodb);
  const TableName = uniqueName('smoke-predictions');

  beforeAll(async () => {
    // The predictions table's shape (pk/sk strings), created as the enricher's tests create it.
    await ensurePredictionsTable(client, TableName);
  });

  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName }));
    client.destroy();
  });

  it('writes once under a condition expression and queries by key', async () => {
    // Prepare
    const item = { pk: { S: 'user#u1' }, sk: { S: 'event#e1' }, score: { N: '0.87' } };
    const putOnce = (score: string) =>
      client.send(
        new PutItemCommand({
          TableName,
          Item: { ...item, score: { N: score } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );

    // Act
    await putOnce('0.87');
    const second = putOnce('0.10').then(
      () => 'written',
      (error: unknown) => error,
    );
    const query = await client.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': { S: 'user#u1' }, ':prefix': { S: 'event#' } },
      }),
    );

    // Assess: the condition rejected the overwrite, and the first value stands.
    expect(await second).toBeInstanceOf(ConditionalCheckFailedException);
    expect(query.Items).toEqual([item]);
  });
});
