/**
 * Scores one Kinesis batch of feature rows: parse and validate every record, look up reference data
 * for the whole batch in one Redis round trip, score the whole batch in one ML call, write one
 * DynamoDB item per record. Returns, per record, whether it is done (written or dead-lettered) or
 * must be retried; the Lambda handler turns that into a partial batch response.
 *
 * Failure policy:
 * - a row of another job on the shared features stream (`otherFeatureSets`, from the compiled manifest) is skipped, counted;
 * - a record that is not a valid feature row is dead-lettered with the reason and never retried;
 * - the ML API unreachable or failing: every scorable record is retried (the breaker makes this fast);
 * - the ML API refusing the request (4xx): the records are dead-lettered, a retry cannot help;
 * - an item DynamoDB still leaves unprocessed: that record is retried (its write is idempotent);
 * - a dead letter that cannot be written: that record is retried, not dropped;
 * - reference data missing: by `missingReference`, score anyway (default), retry, or dead-letter.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import type { DeadLetterSink, RejectedDocument } from '../common/dead-letter/dead-letter.js';
import { featureVector } from '../model/features.js';
import { featureRowSchema, type FeatureRow } from './feature-row.js';
import { formatZodIssues } from '../common/zod-issues.js';
import { ipNetworkKey } from './ip-network.js';
import { InferenceRejected, InferenceUnavailable, type InferenceClient } from './inference-client.js';
import type { Prediction, PredictionWriter } from './prediction-writer.js';
import type { LookupResult, ReferenceLookup } from './reference-lookup.js';

export type MissingReferencePolicy = 'score' | 'retry' | 'dead-letter';

/** The Redis tables the enricher reads: zip-code and IP-network metadata (jobs/sources.ts). */
export type EnricherReferenceTable = 'zip_codes' | 'ip_networks';

/** What each record's lookups found; `none` when the record has no key for the table (no zip). */
type ReferenceResult = LookupResult | { readonly status: 'none' };
type RecordReference = { readonly zip: ReferenceResult; readonly ip_network: ReferenceResult };

function referenceKeys(row: FeatureRow): Record<EnricherReferenceTable, string | null> {
  return { zip_codes: row.zip, ip_networks: ipNetworkKey(row.ip) };
}

function resultFor(found: ReadonlyMap<EnricherReferenceTable, ReadonlyMap<string, LookupResult>>, table: EnricherReferenceTable, key: string | null): ReferenceResult {
  if (key === null) return { status: 'none' };
  return found.get(table)?.get(key) ?? { status: 'missing', reason: 'not looked up' };
}

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

export type RecordOutcome =
  | { readonly kind: 'written' }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'dead-lettered'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string };

export interface BatchOutcome {
  /** By Kinesis sequence number. */
  readonly outcomes: ReadonlyMap<string, RecordOutcome>;
  readonly counts: { readonly written: number; readonly skipped: number; readonly deadLettered: number; readonly retry: number; readonly fresh: number; readonly cached: number; readonly missing: number; readonly failed: number };
  /** The errors Redis answered this batch's lookups with (none when it answered them all). */
  readonly redisErrors: readonly string[];
}

interface Parsed {
  readonly record: KinesisStreamRecord;
  readonly row: FeatureRow;
}

type Decoded = { kind: 'row'; row: FeatureRow } | { kind: 'other-feature-set'; featureSet: string } | { kind: 'invalid'; reason: string; raw: string };

function featureSetOf(json: unknown): unknown {
  return typeof json === 'object' && json !== null ? (json as { feature_set?: unknown }).feature_set : undefined;
}

function decode(record: KinesisStreamRecord, otherFeatureSets: ReadonlySet<string>): Decoded {
  const raw = Buffer.from(record.kinesis.data, 'base64').toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', reason: 'not JSON', raw };
  }
  const featureSet = featureSetOf(json);
  if (typeof featureSet === 'string' && otherFeatureSets.has(featureSet)) return { kind: 'other-feature-set', featureSet };
  const parsed = featureRowSchema.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reason: formatZodIssues(parsed.error.issues), raw };
  return { kind: 'row', row: parsed.data };
}

function rejected(record: KinesisStreamRecord, source: unknown, reason: string): RejectedDocument {
  return { index: `${record.eventSourceARN}#${record.eventID.split(':')[0] ?? ''}`, id: record.kinesis.sequenceNumber, source, reason };
}

export async function enrichBatch(records: readonly KinesisStreamRecord[], dependencies: EnrichDependencies): Promise<BatchOutcome> {
  const now = dependencies.now ?? Date.now;
  const outcomes = new Map<string, RecordOutcome>();
  const toDeadLetter: { record: KinesisStreamRecord; document: RejectedDocument }[] = [];
  const valid: Parsed[] = [];
  for (const record of records) {
    const decoded = decode(record, dependencies.otherFeatureSets);
    if (decoded.kind === 'row') valid.push({ record, row: decoded.row });
    else if (decoded.kind === 'other-feature-set') outcomes.set(record.kinesis.sequenceNumber, { kind: 'skipped', reason: `feature set ${decoded.featureSet} is not this model's input` });
    else toDeadLetter.push({ record, document: rejected(record, decoded.raw, `invalid feature row: ${decoded.reason}`) });
  }

  // One round trip for the whole batch: every table's keys in one pipeline.
  const keyed = valid.map((parsed) => ({ ...parsed, keys: referenceKeys(parsed.row) }));
  const found = await dependencies.lookups.lookup({
    zip_codes: keyed.flatMap(({ keys }) => (keys.zip_codes === null ? [] : [keys.zip_codes])),
    ip_networks: keyed.flatMap(({ keys }) => (keys.ip_networks === null ? [] : [keys.ip_networks])),
  });
  // `failed`: keys Redis did not answer for (down, too slow, or refusing the command): never silent.
  const lookupCounts = { fresh: 0, cached: 0, missing: 0, failed: 0 };
  const redisErrors = new Set<string>();
  const scorable: (Parsed & { readonly reference: RecordReference })[] = [];
  for (const { keys, ...parsed } of keyed) {
    const reference: RecordReference = {
      zip: resultFor(found, 'zip_codes', keys.zip_codes),
      ip_network: resultFor(found, 'ip_networks', keys.ip_networks),
    };
    const results = Object.values(reference).filter((result): result is LookupResult => result.status !== 'none');
    for (const result of results) {
      lookupCounts[result.status] += 1;
      if (result.status !== 'fresh' && result.redisError !== undefined) {
        lookupCounts.failed += 1;
        redisErrors.add(result.redisError);
      }
    }
    const missing = [
      ...(reference.zip.status === 'missing' ? [`zip ${keys.zip_codes ?? ''}: ${reference.zip.reason}`] : []),
      ...(reference.ip_network.status === 'missing' ? [`ip network ${keys.ip_networks ?? ''}: ${reference.ip_network.reason}`] : []),
    ];
    if (missing.length > 0 && dependencies.missingReference !== 'score') {
      const reason = missing.join('; ');
      if (dependencies.missingReference === 'retry') outcomes.set(parsed.record.kinesis.sequenceNumber, { kind: 'retry', reason });
      else toDeadLetter.push({ record: parsed.record, document: rejected(parsed.record, parsed.row, `reference data missing: ${reason}`) });
      continue;
    }
    scorable.push({ ...parsed, reference });
  }

  if (scorable.length > 0) {
    try {
      const scores = await dependencies.inference.score(scorable.map(({ row }) => featureVector(row)));
      const scoredAt = now();
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
      const bySortKey = new Map(scorable.map(({ record, row }) => [`${row.feature_set}#${row.user_id}\u0000${row.event_id}`, record.kinesis.sequenceNumber]));
      const written = await dependencies.predictions.write(predictions, scoredAt);
      for (const { record } of scorable) outcomes.set(record.kinesis.sequenceNumber, { kind: 'written' });
      for (const { prediction, reason } of written.failed) {
        const sequence = bySortKey.get(`${prediction.pk}\u0000${prediction.sk}`);
        if (sequence !== undefined) outcomes.set(sequence, { kind: 'retry', reason });
      }
    } catch (error) {
      if (error instanceof InferenceUnavailable) {
        for (const { record } of scorable) outcomes.set(record.kinesis.sequenceNumber, { kind: 'retry', reason: error.message });
      } else if (error instanceof InferenceRejected) {
        for (const { record, row } of scorable) toDeadLetter.push({ record, document: rejected(record, row, `the ML API refused the batch: ${error.message}`) });
      } else {
        throw error;
      }
    }
  }

  if (toDeadLetter.length > 0) {
    try {
      await dependencies.deadLetters.write(toDeadLetter.map(({ document }) => document));
      for (const { record, document } of toDeadLetter) outcomes.set(record.kinesis.sequenceNumber, { kind: 'dead-lettered', reason: document.reason });
    } catch (error) {
      const reason = `dead letter could not be written: ${error instanceof Error ? error.message : String(error)}`;
      for (const { record } of toDeadLetter) outcomes.set(record.kinesis.sequenceNumber, { kind: 'retry', reason });
    }
  }

  const values = [...outcomes.values()];
  return {
    outcomes,
    counts: {
      written: values.filter((outcome) => outcome.kind === 'written').length,
      skipped: values.filter((outcome) => outcome.kind === 'skipped').length,
      deadLettered: values.filter((outcome) => outcome.kind === 'dead-lettered').length,
      retry: values.filter((outcome) => outcome.kind === 'retry').length,
      ...lookupCounts,
    },
    redisErrors: [...redisErrors],
  };
}
