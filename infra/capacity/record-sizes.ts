/**
 * Average record sizes at each hop, measured on a generated clickstream with the pipeline's own code:
 * the producer's raw record, the user-activity job's row (its TypeScript twin), the enricher's
 * prediction item. `npm run capacity` uses them unless told otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { predictionItem } from '../../enricher/prediction-writer.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../../clickstream-generator/clickstream.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { userActivityFeatures } from '../../model/user-activity-features.js';
import type { ClickEvent } from '../../producer/click-event.js';
import { rawRecordJson } from '../../producer/producer.js';

export interface RecordSizes {
  readonly rawRecordBytes: number;
  readonly featureRowBytes: number;
  /** JSON length of the item: close to DynamoDB's item size (attribute names plus values), a little over. */
  readonly predictionItemBytes: number;
  readonly sampledEvents: number;
}

function firstRecord(file: string): Record<string, unknown> {
  const line = readFileSync(join(REPO_ROOT, 'reference', file), 'utf8').split('\n')[0] ?? '{}';
  return JSON.parse(line) as Record<string, unknown>;
}

function average(values: readonly number[]): number {
  return Math.round(values.reduce((total, value) => total + value, 0) / Math.max(1, values.length));
}

export function measureRecordSizes(events = 2_000): RecordSizes {
  const clicks: ClickEvent[] = [];
  for (const click of generateClickstream({ ...DEFAULT_CLICKSTREAM, events, start: Date.UTC(2026, 10, 2, 12) })) if (click.event !== null) clicks.push(click.event);
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const rows = userActivityFeatures(clicks);
  // The enricher stores each lookup's result beside the features: a fresh zip and IP-network record.
  const reference = { zip: { status: 'fresh', value: firstRecord('zip-codes.jsonl') }, ip_network: { status: 'fresh', value: firstRecord('ip-networks.jsonl') } };
  const items = rows.map((row) =>
    predictionItem(
      { pk: `${row.feature_set}#${row.user_id}`, sk: row.event_id, modelName: 'click-anomaly', modelVersion: 'rf-0123456789ab', probability: 0.123456789, features: row, eventTime: row.event_time, reference, timestamps: { featuresAt: Date.now(), scoredAt: Date.now() } },
      Math.floor(Date.now() / 1000),
    ),
  );
  return {
    // Sent a moment after the event: a 13-digit epoch ms, as in a real record.
    rawRecordBytes: average(clicks.map((click) => bytes(rawRecordJson(click, click.ts)))),
    featureRowBytes: average(rows.map((row) => bytes(JSON.stringify(row)))),
    predictionItemBytes: average(items.map((item) => bytes(JSON.stringify(item)))),
    sampledEvents: clicks.length,
  };
}
