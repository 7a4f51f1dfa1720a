import { JobDefinitionError } from '../errors.js';
import type { Expr } from './expression.js';
import type { WindowTime } from './windows.js';

/** The runner's Random Cut Forest aggregate (runner: com.clickstream.runner.udf.RcfScore). */
export const RCF_FUNCTION = { name: 'RCF_SCORE', className: 'com.clickstream.runner.udf.RcfScore' } as const;

/**
 * An anomaly score per event from a Random Cut Forest over the entity's whole history (AWS's
 * randomcutforest-java, in the runner): about 1 for ordinary events, 3 and more for outliers, NULL
 * for an entity's first 32 events or when a feature is NULL. Example:
 * `anomalyScore: (c) => randomCutForest([c.price, hourOfDay(c.event_time, 'UTC')])`.
 */
export interface RandomCutForest<Name extends string = string> {
  readonly kind: 'random-cut-forest';
  readonly name: Name;
  readonly features: readonly Expr<number | null, 'numeric'>[];
  /** `event` (default): each entity's events are scored in event-time order, once the watermark passes them; `processing`: on arrival. */
  readonly time: WindowTime;
}

/**
 * An event's anomaly score against its entity's whole history (see `RandomCutForest`), for a job's
 * `anomalyScore`; the column is `rcf_score` unless `as` names it. The job must set a `stateTtl`:
 * otherwise each entity's model would be kept for ever.
 * @example
 * anomalyScore: (c) => randomCutForest([c.price, hourOfDay(c.event_time, 'UTC')], { as: 'price_anomaly_score' }),
 * // prints `RCF_SCORE`(CAST(`price` AS DOUBLE), CAST(HOUR(...) AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `price_anomaly_score`
 */
export function randomCutForest<const Name extends string = 'rcf_score'>(
  features: readonly Expr<number | null, 'numeric'>[],
  options: { readonly as?: Name; readonly time?: WindowTime } = {},
): RandomCutForest<Name> {
  if (features.length === 0) throw new JobDefinitionError('randomCutForest needs at least one feature');
  return Object.freeze({ kind: 'random-cut-forest', name: options.as ?? ('rcf_score' as Name), features: [...features], time: options.time ?? 'event' });
}
