/**
 * Scores one Kinesis batch of feature rows, in named stages (enricher/batch/): decode and validate every
 * record, look up reference data for the whole batch in one Redis round trip and apply the missing-data
 * policy, score the whole batch in one ML call and write one DynamoDB item per record, then write the dead
 * letters in one call. Returns, per record, whether it is done (written, skipped or dead-lettered) or must be
 * retried; the Lambda handler turns that into a partial batch response.
 *
 * Failure policy (each stage's module says why):
 * - a row of another job on the shared features stream (`otherFeatureSets`, from the compiled manifest) is skipped, counted;
 * - a record that is not a valid feature row is dead-lettered with the reason and never retried;
 * - the ML API unreachable or failing: every scorable record is retried (the breaker makes this fast);
 * - the ML API refusing the request (4xx): the records are dead-lettered, a retry cannot help;
 * - an item DynamoDB still leaves unprocessed: that record is retried (its write is idempotent);
 * - a dead letter that cannot be written: that record is retried, not dropped;
 * - reference data missing: by `missingReference`, score anyway (default), retry, or dead-letter.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import type { DeadLetterSink } from '../common/dead-letter/dead-letter.js';
import { BatchLedger, type RecordOutcome } from './batch/batch-ledger.js';
import { decodeRecords } from './batch/decode-records.js';
import { lookUpReferences, type EnricherReferenceTable, type LookupCounts, type MissingReferencePolicy } from './batch/look-up-references.js';
import { scoreAndWrite } from './batch/score-and-write.js';
import type { InferenceClient } from './inference-client.js';
import type { PredictionWriter } from './prediction-writer.js';
import type { ReferenceLookup } from './reference-lookup.js';

export type { EnricherReferenceTable, MissingReferencePolicy, RecordOutcome };

export interface EnrichDependencies {
  readonly lookups: ReferenceLookup<EnricherReferenceTable>;
  readonly inference: Pick<InferenceClient, 'score'>;
  readonly predictions: PredictionWriter;
  readonly deadLetters: DeadLetterSink;
  readonly missingReference: MissingReferencePolicy;
  /** The other jobs' feature sets on the shared features stream (from the compiled manifest): skipped, counted. */
  readonly otherFeatureSets: ReadonlySet<string>;
  readonly now?: () => number;
}

export interface BatchOutcome {
  /** By Kinesis sequence number. */
  readonly outcomes: ReadonlyMap<string, RecordOutcome>;
  readonly counts: { readonly written: number; readonly skipped: number; readonly deadLettered: number; readonly retry: number } & Readonly<LookupCounts>;
  /** The errors Redis answered this batch's lookups with (none when it answered them all). */
  readonly redisErrors: readonly string[];
}

/** The last stage: every dead letter of the batch in one call; if it cannot be written, those records are retried, not dropped. */
async function writeDeadLetters(sink: DeadLetterSink, ledger: BatchLedger): Promise<void> {
  const pending = ledger.pendingDeadLetters;
  if (pending.length === 0) return;
  try {
    await sink.write(pending.map(({ document }) => document));
    for (const letter of pending) ledger.deadLettered(letter);
  } catch (error) {
    const reason = `dead letter could not be written: ${error instanceof Error ? error.message : String(error)}`;
    for (const { record } of pending) ledger.retry(record, reason);
  }
}

export async function enrichBatch(records: readonly KinesisStreamRecord[], dependencies: EnrichDependencies): Promise<BatchOutcome> {
  const ledger = new BatchLedger();
  const valid = decodeRecords(records, dependencies.otherFeatureSets, ledger);
  const referenced = await lookUpReferences(valid, dependencies.lookups, dependencies.missingReference, ledger);
  await scoreAndWrite(referenced.scorable, { inference: dependencies.inference, predictions: dependencies.predictions, now: dependencies.now ?? Date.now }, ledger);
  await writeDeadLetters(dependencies.deadLetters, ledger);
  return {
    outcomes: ledger.outcomes,
    counts: { written: ledger.count('written'), skipped: ledger.count('skipped'), deadLettered: ledger.count('dead-lettered'), retry: ledger.count('retry'), ...referenced.counts },
    redisErrors: referenced.redisErrors,
  };
}
