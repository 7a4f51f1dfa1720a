import { intervalNode, type IntervalNode } from '../ast/interval-node.js';
import type { WindowFunction } from '../ast/window-table-node.js';
import { WindowError } from '../errors.js';
import { parseDuration, type Duration, type DurationSuffix } from '../schema/duration.js';

/** Which time a window follows: the event time (the source's watermarked rowtime) or arrival. */
export type WindowTime = 'event' | 'processing';

/**
 * A complete window. Each constructor takes every parameter its window needs at once, so a window
 * missing its size or slide cannot exist. `Suffix` is what auto-named features end with.
 */
export interface Window<Suffix extends string = string> {
  readonly kind: 'window';
  readonly function: WindowFunction;
  /** Intervals in Flink's argument order (HOP: slide, size; CUMULATE: step, max size; SESSION: gap). */
  readonly intervals: readonly IntervalNode[];
  readonly suffix: Suffix;
  readonly time: WindowTime;
  /** For the manifest and error messages, e.g. `hop(size 1 min, slide 30 s)`. */
  readonly description: string;
}

interface WindowOptions {
  readonly time?: WindowTime;
}

function interval(duration: Duration, usedFor: string): { node: IntervalNode; millis: number; suffix: string } {
  const parsed = parseDuration(duration, usedFor);
  return { node: intervalNode(parsed.amount, parsed.unit), millis: parsed.millis, suffix: parsed.suffix };
}

function window<S extends string>(fields: Omit<Window<S>, 'kind' | 'time'>, options: WindowOptions): Window<S> {
  return Object.freeze({ kind: 'window', time: options.time ?? 'event', ...fields });
}

/**
 * Fixed, non-overlapping windows. Example: `tumble('1 min')` prints
 * `` TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE)) ``; features end in `_1m`.
 */
export function tumble<const D extends Duration>(size: D, options: WindowOptions = {}): Window<DurationSuffix<D>> {
  const parsed = interval(size, 'tumble size');
  return window({ function: 'TUMBLE', intervals: [parsed.node], suffix: parsed.suffix as DurationSuffix<D>, description: `tumble(${size})` }, options);
}

/**
 * Overlapping windows of `size` starting every `slide`; size must be a whole multiple of slide
 * (Flink's window aggregation requires it). Example: `hop({ size: '1 min', slide: '30 s' })`
 * prints `HOP(..., INTERVAL '30' SECOND, INTERVAL '1' MINUTE)`; features end in `_1m`.
 */
export function hop<const D extends Duration>(spec: { readonly size: D; readonly slide: Duration }, options: WindowOptions = {}): Window<DurationSuffix<D>> {
  const size = interval(spec.size, 'hop size');
  const slide = interval(spec.slide, 'hop slide');
  if (slide.millis > size.millis || size.millis % slide.millis !== 0) {
    throw new WindowError(`hop: size '${spec.size}' must be a whole multiple of slide '${spec.slide}'`);
  }
  return window(
    { function: 'HOP', intervals: [slide.node, size.node], suffix: size.suffix as DurationSuffix<D>, description: `hop(size ${spec.size}, slide ${spec.slide})` },
    options,
  );
}

/**
 * Windows that grow from the start of each `maxSize` period in steps of `step`, a row per key and
 * step (e.g. revenue so far today, every hour); features end in `_<maxSize>_cum` (`_1d_cum`).
 * @example
 * window: cumulate({ step: '1 h', maxSize: '1 d' }), aggregations: (c) => [sum(c.price)],
 * // prints SUM(`price`) AS `price_sum_1d_cum` ... FROM TABLE(CUMULATE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' HOUR, INTERVAL '1' DAY))
 */
export function cumulate<const D extends Duration>(
  spec: { readonly step: Duration; readonly maxSize: D },
  options: WindowOptions = {},
): Window<`${DurationSuffix<D>}_cum`> {
  const step = interval(spec.step, 'cumulate step');
  const maxSize = interval(spec.maxSize, 'cumulate maxSize');
  if (step.millis > maxSize.millis || maxSize.millis % step.millis !== 0) {
    throw new WindowError(`cumulate: maxSize '${spec.maxSize}' must be a whole multiple of step '${spec.step}'`);
  }
  return window(
    {
      function: 'CUMULATE',
      intervals: [step.node, maxSize.node],
      suffix: `${maxSize.suffix}_cum` as `${DurationSuffix<D>}_cum`,
      description: `cumulate(step ${spec.step}, maxSize ${spec.maxSize})`,
    },
    options,
  );
}

/**
 * Activity sessions per key, closed after `gap` without events. Example: `session({ gap: '30 min' })`
 * prints `` SESSION(TABLE `clicks` PARTITION BY `user_id`, DESCRIPTOR(`event_time`), INTERVAL '30' MINUTE) ``
 * (several keys: `` PARTITION BY (`user_id`, `url`) ``); features end in `_session`.
 */
export function session(spec: { readonly gap: Duration }, options: WindowOptions = {}): Window<'session'> {
  const gap = interval(spec.gap, 'session gap');
  return window({ function: 'SESSION', intervals: [gap.node], suffix: 'session', description: `session(gap ${spec.gap})` }, options);
}
