import { JobDefinitionError } from '../errors.js';
import type { Expr } from './expression.js';
import type { WindowTime } from './windows.js';

/** The runner's Random Cut Forest aggregate (runner: com.clickstream.runner.udf.RcfScore). */
export const RCF_FUNCTION = { name: 'RCF_SCORE', className: 'com.clickstream.runner.udf.RcfScore' } as const;

/** A forest's parameters: how many trees, how many points each samples, how fast old points fade, how many consecutive events form one point, and how many points it sees before it scores. */
export interface RandomCutForestParameters {
  readonly trees: number;
  readonly sampleSize: number;
  readonly timeDecay: number;
  readonly shingleSize: number;
  readonly warmUp: number;
}

/**
 * The defaults: 30 trees of 128 points (AWS's library suggests 50 of 256; fewer keep a per-user forest
 * small in state), a time decay of 1 / (10 x sample size) as the library computes when none is given,
 * no shingling, 32 points before the first score.
 */
export const RCF_DEFAULTS: RandomCutForestParameters = Object.freeze({ trees: 30, sampleSize: 128, timeDecay: 1 / 1280, shingleSize: 1, warmUp: 32 });

/**
 * An anomaly score per event from a Random Cut Forest over the entity's whole history (AWS's
 * randomcutforest-java, in the runner): about 1 for ordinary events, 3 and more for outliers, NULL
 * for an entity's first `warmUp` events or when a feature is NULL. Example:
 * `anomalyScore: (c) => randomCutForest([c.price, hourOfDay(c.event_time, 'UTC')])`.
 */
export interface RandomCutForest<Name extends string = string> {
  readonly kind: 'random-cut-forest';
  readonly name: Name;
  readonly features: readonly Expr<number | null, 'numeric'>[];
  /** `event` (default): each entity's events are scored in event-time order, once the watermark passes them; `processing`: on arrival. */
  readonly time: WindowTime;
  readonly parameters: RandomCutForestParameters;
}

export interface RandomCutForestOptions<Name extends string> extends Partial<RandomCutForestParameters> {
  readonly as?: Name;
  readonly time?: WindowTime;
}

function checkWhole(name: keyof RandomCutForestParameters, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new JobDefinitionError(`randomCutForest: ${name} must be a whole number from ${min} to ${max}, got ${value}`);
}

/**
 * An event's anomaly score against its entity's whole history (see `RandomCutForest`), for a job's
 * `anomalyScore`; the column is `rcf_score` unless `as` names it. The job must set a `stateTtl`:
 * otherwise each entity's model would be kept for ever. The forest's parameters default to
 * `RCF_DEFAULTS`; `shingleSize: 4` scores each event together with the 3 before it (a pattern over
 * time, not one odd value), and a larger `timeDecay` forgets old behaviour faster.
 * @example
 * anomalyScore: (c) => randomCutForest([c.price, hourOfDay(c.event_time, 'UTC')], { as: 'price_anomaly_score', shingleSize: 2 }),
 * // prints `RCF_SCORE`(30, 128, CAST(0.00078125 AS DOUBLE), 2, 32, CAST(`price` AS DOUBLE), CAST(HOUR(...) AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `price_anomaly_score`
 */
export function randomCutForest<const Name extends string = 'rcf_score'>(features: readonly Expr<number | null, 'numeric'>[], options: RandomCutForestOptions<Name> = {}): RandomCutForest<Name> {
  if (features.length === 0) throw new JobDefinitionError('randomCutForest needs at least one feature');
  const parameters: RandomCutForestParameters = {
    trees: options.trees ?? RCF_DEFAULTS.trees,
    sampleSize: options.sampleSize ?? RCF_DEFAULTS.sampleSize,
    timeDecay: options.timeDecay ?? (options.sampleSize === undefined ? RCF_DEFAULTS.timeDecay : 1 / (10 * options.sampleSize)),
    shingleSize: options.shingleSize ?? RCF_DEFAULTS.shingleSize,
    warmUp: options.warmUp ?? RCF_DEFAULTS.warmUp,
  };
  checkWhole('trees', parameters.trees, 1, 1000);
  checkWhole('sampleSize', parameters.sampleSize, 8, 8192);
  checkWhole('shingleSize', parameters.shingleSize, 1, 64);
  checkWhole('warmUp', parameters.warmUp, 1, 1_000_000);
  if (!(parameters.timeDecay >= 0 && parameters.timeDecay < 1)) throw new JobDefinitionError(`randomCutForest: timeDecay must be from 0 (never forget) to below 1, got ${parameters.timeDecay}`);
  return Object.freeze({ kind: 'random-cut-forest', name: options.as ?? ('rcf_score' as Name), features: [...features], time: options.time ?? 'event', parameters: Object.freeze(parameters) });
}
