/**
 * Stage 3 of a batch: one ML call scores every scorable row, and one DynamoDB batch write stores a prediction
 * per row. The ML API unreachable or failing: every row is retried (the breaker makes that fast); the ML API
 * refusing the request (4xx): the rows are dead-lettered, a retry cannot help; an item DynamoDB still leaves
 * unprocessed: that record is retried (its write is idempotent).
 */
import { featureVector } from '../../model/features.js';
import { InferenceRejected, InferenceUnavailable, type InferenceClient } from '../inference-client.js';
import type { Prediction, PredictionWriter } from '../prediction-writer.js';
import type { BatchLedger } from './batch-ledger.js';
import type { ReferencedRecord } from './look-up-references.js';

/** A prediction's DynamoDB key, as text, to find the record of an item the write left unprocessed. */
const itemKey = (pk: string, sk: string): string => `${pk}\u0000${sk}`;

export async function scoreAndWrite(
  scorable: readonly ReferencedRecord[],
  dependencies: { readonly inference: Pick<InferenceClient, 'score'>; readonly predictions: PredictionWriter; readonly now: () => number },
  ledger: BatchLedger,
): Promise<void> {
  if (scorable.length === 0) return;
  try {
    const scores = await dependencies.inference.score(scorable.map(({ row }) => featureVector(row)));
    const scoredAt = dependencies.now();
    const predictions: Prediction[] = scorable.map(({ record, row, reference }, index) => ({
      pk: `${row.feature_set}#${row.user_id}`,
      sk: row.event_id,
      modelName: scores.modelName,
      modelVersion: scores.modelVersion,
      probability: scores.probabilities[index] ?? Number.NaN,
      features: row,
      eventTime: row.event_time,
      reference,
      timestamps: { featuresAt: Math.round(record.kinesis.approximateArrivalTimestamp * 1000), scoredAt },
    }));
    const sequenceOfItem = new Map(scorable.map(({ record, row }) => [itemKey(`${row.feature_set}#${row.user_id}`, row.event_id), record.kinesis.sequenceNumber]));
    const written = await dependencies.predictions.write(predictions, scoredAt);
    for (const { record } of scorable) ledger.written(record);
    for (const { prediction, reason } of written.failed) {
      const sequence = sequenceOfItem.get(itemKey(prediction.pk, prediction.sk));
      if (sequence !== undefined) ledger.retryBySequence(sequence, reason);
    }
  } catch (error) {
    if (error instanceof InferenceUnavailable) {
      for (const { record } of scorable) ledger.retry(record, error.message);
    } else if (error instanceof InferenceRejected) {
      for (const { record, row } of scorable) ledger.deadLetter(record, row, `the ML API refused the batch: ${error.message}`);
    } else {
      throw error;
    }
  }
}
