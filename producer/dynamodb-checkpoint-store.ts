import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Checkpoint, CheckpointStore } from './checkpoint.js';

/**
 * Checkpoints in a DynamoDB table (partition key `name`, a string): one item per producer. Every save
 * carries a version one higher than the last; a save that is not newer than the stored one fails, so
 * two producers started with the same name cannot silently overwrite each other's position.
 */
export class DynamoDbCheckpointStore implements CheckpointStore {
  readonly description: string;
  private version = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly name: string,
  ) {
    this.description = `DynamoDB ${table}/${name}`;
  }

  async load(): Promise<Checkpoint | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.table, Key: { name: { S: this.name } }, ConsistentRead: true }));
    if (Item === undefined) return undefined;
    this.version = Number(Item.version?.N ?? '0');
    const body = Item.checkpoint?.S;
    if (body === undefined) throw new Error(`checkpoint ${this.description} has no 'checkpoint' attribute`);
    return JSON.parse(body) as Checkpoint;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const next = this.version + 1;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { name: { S: this.name }, version: { N: String(next) }, checkpoint: { S: JSON.stringify(checkpoint) } },
          ConditionExpression: 'attribute_not_exists(#name) OR version < :next',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':next': { N: String(next) } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Error(`checkpoint ${this.description} was saved by another producer (version ${next} or later exists); run one producer per name`, { cause: error });
      }
      throw error;
    }
    this.version = next;
  }
}

/** Creates the checkpoint table if it is missing (locally and in tests; in AWS the CDK app owns it). */
export async function ensureCheckpointTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: table });
}
