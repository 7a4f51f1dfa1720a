/**
 * The feature rows the enricher scores: `jobs/user-activity.ts`'s output as the Flink job writes it
 * to the features stream. The zod schema is checked at compile time against the job's exported row
 * type, so a renamed or retyped feature column breaks the enricher's build.
 */
import { z } from 'zod';
import type { Output as UserActivityRow } from '../jobs/user-activity.js';

export const FEATURE_SET = 'user-activity.v1';

/** Of the feature sets on the shared features stream, the other jobs' ones: the enricher skips their rows. */
export function otherFeatureSets(onFeaturesStream: Iterable<string>): ReadonlySet<string> {
  return new Set([...onFeaturesStream].filter((name) => name !== FEATURE_SET));
}

const nullableInt = z.number().int().nullable();
const nullableNumber = z.number().nullable();

export const featureRowSchema = z.object({
  user_id: z.string().min(1),
  // The job's type says string; the value must be this feature set (a row of another job is not scored here).
  feature_set: z.string().refine((value): boolean => value === FEATURE_SET, { message: `must be '${FEATURE_SET}'` }),
  event_id: z.string().min(1),
  event_type: z.string(),
  url: z.string(),
  ip: z.string().min(1),
  zip: z.string().nullable(),
  price: nullableNumber,
  event_time: z.string().min(1),
  hour_of_day: nullableInt,
  day_of_week: nullableInt,
  event_count_1h: z.number().int(),
  url_count_distinct_1h: z.number().int(),
  price_avg_1h: nullableNumber,
  price_zscore_1h: nullableNumber,
});

export type FeatureRow = z.infer<typeof featureRowSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** Fails to compile when the job's output and this schema disagree on a column or its type. */
export const schemaMatchesJobOutput: Same<FeatureRow, Mutable<UserActivityRow>> = true;
