import { JobDefinitionError } from '../../errors.js';
import { parseDuration, type Duration, type ParsedDuration } from '../../schema/duration.js';

/** A regular join's TTLs: the job's, and the sides' when they differ (a STATE_TTL hint). */
export interface JoinTtls {
  readonly stateTtl: ParsedDuration;
  readonly sideTtls?: readonly [ParsedDuration, ParsedDuration];
}

/** One TTL for both sides, or one per side: the job's is the longest, the sides' go to a hint when they differ. */
export function joinTtls(ttl: Duration | Readonly<Record<string, Duration>>, aliases: readonly [string, string]): JoinTtls {
  if (typeof ttl === 'string') return { stateTtl: parseDuration(ttl, 'join stateTtl') };
  const sideTtl = (alias: string): ParsedDuration => {
    // The aliases go into a hint comment, /*+ ... */, which a `*/` would end early.
    if (alias.includes('*/')) throw new JobDefinitionError(`join stateTtl per side: the alias '${alias}' contains '*/'; rename the side`);
    // The types ask for every alias, but a cast or a variable can get past them.
    const duration = ttl[alias];
    if (duration === undefined) throw new JobDefinitionError(`join stateTtl: give side '${alias}' a TTL too (or one TTL for both)`);
    return parseDuration(duration, `join stateTtl of side '${alias}'`);
  };
  const left = sideTtl(aliases[0]);
  const right = sideTtl(aliases[1]);
  const longest = left.millis >= right.millis ? left : right;
  return left.millis === right.millis ? { stateTtl: longest } : { stateTtl: longest, sideTtls: [left, right] };
}
