import { parseDuration, type Duration } from '../../schema/duration.js';
import type { JoinedRow, Selections } from '../join-output.js';
import type { Columns, Source } from '../source.js';
import { joinFields, type IntervalJoinJob } from './join-node.js';
import type { JoinSideSpec } from './sides.js';
import { checkSideTables, twoSidedParts, type TwoSidedSpec } from './two-sided.js';

export interface IntervalJoinSpec<LCols extends Columns, RCols extends Columns, L extends string, R extends string, S extends Selections, P extends keyof S & string>
  extends TwoSidedSpec<LCols, RCols, L, R, S, P> {
  /** A source on both sides: the interval bounds their rows' event times, which only a source's rows carry as a time attribute. */
  readonly left: JoinSideSpec<LCols, L, Source<LCols>>;
  readonly right: JoinSideSpec<RCols, R, Source<RCols>>;
  /**
   * Where the right row's event time may lie around the left row's: from `before` earlier (default: not
   * earlier) to `after` later. Bounds the join's state: rows older than that are dropped.
   */
  readonly within: { readonly before?: Duration; readonly after: Duration };
}

/**
 * An interval join: pairs of rows with equal keys whose event times lie close together, e.g. a
 * product view and a purchase in the same session within 30 minutes. Flink keeps each row only as
 * long as the interval can still match it, and the output is append-only. The sides may read one
 * source or two.
 *
 * ```ts
 * export const v1 = intervalJoin({
 *   left: { from: clicks, as: 'viewed', where: (c) => c.event_type.eq('view') },
 *   right: { from: clicks, as: 'bought', where: (c) => c.event_type.eq('purchase') },
 *   key: ['session_id', 'session_id'],
 *   within: { after: '30 min' },
 *   select: ({ viewed, bought }) => ({ session_id: viewed.session_id, viewed_at: viewed.event_time, bought_at: bought.event_time }),
 *   partitionBy: 'session_id',
 * });
 * ```
 * joins on `` `viewed`.`session_id` = `bought`.`session_id` AND `bought`.`event_time` >= `viewed`.`event_time`
 * AND `bought`.`event_time` <= `viewed`.`event_time` + INTERVAL '30' MINUTE ``.
 */
export function intervalJoin<
  const LCols extends Columns,
  const RCols extends Columns,
  const L extends string,
  const R extends string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: IntervalJoinSpec<LCols, RCols, L, R, S, P>): IntervalJoinJob<JoinedRow<S, P>> {
  // Both sides' rows must carry their event time as a time attribute: a source's does.
  checkSideTables('intervalJoin', [spec.left, spec.right], (table) => table.kind === 'source', 'a source');
  const bound = {
    ...(spec.within.before === undefined ? {} : { before: parseDuration(spec.within.before, 'intervalJoin within.before') }),
    after: parseDuration(spec.within.after, 'intervalJoin within.after'),
  };
  const fields = joinFields('intervalJoin', twoSidedParts('intervalJoin', spec), spec);
  return Object.freeze({ kind: 'job', jobType: 'interval-join', ...bound, ...fields });
}
