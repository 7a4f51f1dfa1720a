/**
 * What the reference model scores: the per-click feature rows of `jobs/user-activity.ts`. The column
 * list is checked against that job's output type, so renaming a feature in the job breaks this build.
 */
import type { Output as UserActivityRow } from '../jobs/user-activity.js';

export const MODEL_NAME = 'click-anomaly';

export const FEATURE_COLUMNS = [
  'hour_of_day',
  'day_of_week',
  'event_count_1h',
  'url_count_distinct_1h',
  'price_avg_1h',
  'price_zscore_1h',
] as const satisfies readonly (keyof UserActivityRow)[];

export type FeatureColumn = (typeof FEATURE_COLUMNS)[number];

/** A feature row as the enricher sends it: NULL features (no price in the hour) become 0. */
export function featureVector(row: Readonly<Pick<UserActivityRow, FeatureColumn>>): number[] {
  return FEATURE_COLUMNS.map((column) => row[column] ?? 0);
}
