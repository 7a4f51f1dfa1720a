/**
 * Stage 2 of a batch: the reference data of every valid row (zip-code and IP-network metadata), in one Redis
 * round trip for the whole batch, then the missing-data policy: a row whose reference data is missing is
 * scored anyway (`score`, the default), retried, or dead-lettered. Lookups Redis did not answer (down, too
 * slow, refusing the command) are counted as `failed` apart from data that is absent: never silent.
 */
import { ipNetworkKey } from '../ip-network.js';
import type { LookupResult, ReferenceLookup } from '../reference-lookup.js';
import type { FeatureRow } from '../feature-row.js';
import type { BatchLedger } from './batch-ledger.js';
import type { DecodedRecord } from './decode-records.js';

export type MissingReferencePolicy = 'score' | 'retry' | 'dead-letter';

/** The Redis tables the enricher reads: zip-code and IP-network metadata (jobs/sources.ts). */
export type EnricherReferenceTable = 'zip_codes' | 'ip_networks';

/** What each record's lookups found; `none` when the record has no key for the table (no zip). */
type ReferenceResult = LookupResult | { readonly status: 'none' };
export type RecordReference = { readonly zip: ReferenceResult; readonly ip_network: ReferenceResult };

export interface ReferencedRecord extends DecodedRecord {
  readonly reference: RecordReference;
}

export interface LookupCounts {
  fresh: number;
  cached: number;
  missing: number;
  failed: number;
}

export interface ReferencedBatch {
  /** The rows to score: their reference data found, or missing under the `score` policy. */
  readonly scorable: readonly ReferencedRecord[];
  readonly counts: LookupCounts;
  /** The errors Redis answered this batch's lookups with (none when it answered them all). */
  readonly redisErrors: readonly string[];
}

function referenceKeys(row: FeatureRow): Record<EnricherReferenceTable, string | null> {
  return { zip_codes: row.zip, ip_networks: ipNetworkKey(row.ip) };
}

function resultFor(found: ReadonlyMap<EnricherReferenceTable, ReadonlyMap<string, LookupResult>>, table: EnricherReferenceTable, key: string | null): ReferenceResult {
  if (key === null) return { status: 'none' };
  return found.get(table)?.get(key) ?? { status: 'missing', reason: 'not looked up' };
}

export async function lookUpReferences(valid: readonly DecodedRecord[], lookups: ReferenceLookup<EnricherReferenceTable>, policy: MissingReferencePolicy, ledger: BatchLedger): Promise<ReferencedBatch> {
  // One round trip for the whole batch: every table's keys in one pipeline.
  const keyed = valid.map((decoded) => ({ ...decoded, keys: referenceKeys(decoded.row) }));
  const found = await lookups.lookup({
    zip_codes: keyed.flatMap(({ keys }) => (keys.zip_codes === null ? [] : [keys.zip_codes])),
    ip_networks: keyed.flatMap(({ keys }) => (keys.ip_networks === null ? [] : [keys.ip_networks])),
  });
  const counts: LookupCounts = { fresh: 0, cached: 0, missing: 0, failed: 0 };
  const redisErrors = new Set<string>();
  const scorable: ReferencedRecord[] = [];
  for (const { keys, ...decoded } of keyed) {
    const reference: RecordReference = {
      zip: resultFor(found, 'zip_codes', keys.zip_codes),
      ip_network: resultFor(found, 'ip_networks', keys.ip_networks),
    };
    for (const result of Object.values(reference).filter((candidate): candidate is LookupResult => candidate.status !== 'none')) {
      counts[result.status] += 1;
      if (result.status !== 'fresh' && result.redisError !== undefined) {
        counts.failed += 1;
        redisErrors.add(result.redisError);
      }
    }
    const missing = [
      ...(reference.zip.status === 'missing' ? [`zip ${keys.zip_codes ?? ''}: ${reference.zip.reason}`] : []),
      ...(reference.ip_network.status === 'missing' ? [`ip network ${keys.ip_networks ?? ''}: ${reference.ip_network.reason}`] : []),
    ];
    if (missing.length > 0 && policy === 'retry') ledger.retry(decoded.record, missing.join('; '));
    else if (missing.length > 0 && policy === 'dead-letter') ledger.deadLetter(decoded.record, decoded.row, `reference data missing: ${missing.join('; ')}`);
    else scorable.push({ ...decoded, reference });
  }
  return { scorable, counts, redisErrors: [...redisErrors] };
}
