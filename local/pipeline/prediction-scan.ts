/** Every item of a run's predictions table, by event id (the sort key): what the run's counts rest on. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

export async function readPredictions(client: DynamoDBClient, table: string): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  for await (const page of paginateScan({ client: DynamoDBDocumentClient.from(client) }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) items.set(String(item.sk), item);
  }
  return items;
}
