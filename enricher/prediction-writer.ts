/**
 * Writes predictions to DynamoDB: one item per scored record under a deterministic key (the feature
 * set and entity as partition key, the event or window id as sort key), so a batch delivered twice
 * overwrites the same items instead of adding duplicates. BatchWriteItem in chunks of 25, several in
 * flight; unprocessed items are retried with full-jitter backoff, and what is still unprocessed after
 * the last attempt is handed back as failed (the caller reports those records as batch failures).
 */
import { CreateTableCommand, ResourceInUseException, UpdateTimeToLiveCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../common/kinesis-writer.js';

export const MAX_BATCH_WRITE_ITEMS = 25;
export const TTL_ATTRIBUTE = 'expires_at';

export interface Prediction {
  /** `<feature set>#<entity>`, e.g. `user-activity.v1#user-42`. */
  readonly pk: string;
  /** The event or window id, e.g. the click's event id. */
  readonly sk: string;
  readonly modelName: string;
  readonly modelVersion: string;
  readonly probability: number;
  readonly features: Readonly<Record<string, unknown>>;
  /** When the scored event happened (ISO-8601). */
  readonly eventTime: string;
  /** Reference data joined in by the enricher, and whether each lookup was fresh, cached or missing. */
  readonly reference?: Readonly<Record<string, unknown>>;
  /** Hop timestamps (epoch ms) for latency: when the producer sent it, Flink emitted it, the enricher scored it. */
  readonly timestamps: { readonly producedAt?: number; readonly featuresAt?: number; readonly scoredAt: number };
}

export interface WriterSettings {
  /** Days an item lives before DynamoDB's TTL removes it. */
  readonly ttlDays: number;
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
}

export interface WriteResult {
  readonly written: number;
  readonly failed: readonly { readonly prediction: Prediction; readonly reason: string }[];
}

export class PredictionWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly settings: WriterSettings,
  ) {}

  async write(predictions: readonly Prediction[], now = Date.now()): Promise<WriteResult> {
    const expiresAt = Math.floor(now / 1000) + Math.round(this.settings.ttlDays * 86_400);
    const chunks: Prediction[][] = [];
    for (let start = 0; start < predictions.length; start += MAX_BATCH_WRITE_ITEMS) chunks.push(predictions.slice(start, start + MAX_BATCH_WRITE_ITEMS));
    const failed: { prediction: Prediction; reason: string }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] ?? [];
        failed.push(...(await this.writeChunk(chunk, expiresAt)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency ?? 4, chunks.length) }, worker));
    return { written: predictions.length - failed.length, failed };
  }

  private async writeChunk(chunk: readonly Prediction[], expiresAt: number): Promise<{ prediction: Prediction; reason: string }[]> {
    const byKey = new Map(chunk.map((prediction) => [`${prediction.pk}\u0000${prediction.sk}`, prediction]));
    let requests = chunk.map((prediction) => ({ PutRequest: { Item: predictionItem(prediction, expiresAt) } }));
    const maxAttempts = this.settings.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      const response = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
      const unprocessed = response.UnprocessedItems?.[this.table] ?? [];
      if (unprocessed.length === 0) return [];
      if (attempt >= maxAttempts) {
        return unprocessed.map((request) => {
          const item = request.PutRequest?.Item ?? {};
          const prediction = byKey.get(`${String(item.pk)}\u0000${String(item.sk)}`);
          if (prediction === undefined) throw new Error(`DynamoDB returned an unprocessed item that was not sent: ${String(item.pk)}/${String(item.sk)}`);
          return { prediction, reason: `DynamoDB left the item unprocessed ${attempt} times (throttled)` };
        });
      }
      await sleep(backoffDelay({ maxAttempts, baseDelayMs: this.settings.baseDelayMs ?? 50, maxDelayMs: 2_000 }, attempt));
      requests = unprocessed.map((request) => ({ PutRequest: { Item: request.PutRequest?.Item ?? {} } }));
    }
  }
}

/** The DynamoDB item of a prediction. */
export function predictionItem(prediction: Prediction, expiresAt: number): Record<string, unknown> {
  return {
    pk: prediction.pk,
    sk: prediction.sk,
    model_name: prediction.modelName,
    model_version: prediction.modelVersion,
    probability: prediction.probability,
    features: prediction.features,
    event_time: prediction.eventTime,
    ...(prediction.reference === undefined ? {} : { reference: prediction.reference }),
    ...(prediction.timestamps.producedAt === undefined ? {} : { produced_at: prediction.timestamps.producedAt }),
    ...(prediction.timestamps.featuresAt === undefined ? {} : { features_at: prediction.timestamps.featuresAt }),
    scored_at: prediction.timestamps.scoredAt,
    [TTL_ATTRIBUTE]: expiresAt,
  };
}

/** Creates the predictions table with TTL on `expires_at` (locally and in tests; in AWS the CDK app owns it). */
export async function ensurePredictionsTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    return;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: table });
  await client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
}
