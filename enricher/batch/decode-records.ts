/**
 * Stage 1 of a batch: every record decoded and validated as a feature row. A row of another job on the shared
 * features stream is skipped; anything else that is not a valid row is dead-lettered with the reason (its raw
 * text kept), never retried: a retry cannot mend it.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import { formatZodIssues } from '../../common/zod-issues.js';
import { featureRowSchema, type FeatureRow } from '../feature-row.js';
import type { BatchLedger } from './batch-ledger.js';

export interface DecodedRecord {
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

/** The batch's valid feature rows; the others are decided in the ledger. */
export function decodeRecords(records: readonly KinesisStreamRecord[], otherFeatureSets: ReadonlySet<string>, ledger: BatchLedger): DecodedRecord[] {
  const valid: DecodedRecord[] = [];
  for (const record of records) {
    const decoded = decode(record, otherFeatureSets);
    if (decoded.kind === 'row') valid.push({ record, row: decoded.row });
    else if (decoded.kind === 'other-feature-set') ledger.skip(record, `feature set ${decoded.featureSet} is not this model's input`);
    else ledger.deadLetter(record, decoded.raw, `invalid feature row: ${decoded.reason}`);
  }
  return valid;
}
