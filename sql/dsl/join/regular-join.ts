import type { Duration } from '../../schema/duration.js';
import type { JoinedRow, Selections } from '../join-output.js';
import type { Columns } from '../source.js';
import { joinFields, type RegularJoinJob } from './join-node.js';
import { joinTtls } from './side-ttls.js';
import { checkSideTables, twoSidedParts, type TwoSidedSpec } from './two-sided.js';

export interface JoinSpec<LCols extends Columns, RCols extends Columns, L extends string, R extends string, S extends Selections, P extends keyof S & string>
  extends TwoSidedSpec<LCols, RCols, L, R, S, P> {
  /**
   * How long a row is kept after it was written (reading it does not extend that), one for both
   * sides or one per side by alias, e.g. `{ click: '10 min', landing: '1 d' }`: a side whose rows only
   * wait for their match to arrive need not be kept as long as the side they wait for. Required: a
   * regular join keeps every row of both sides to match later rows, so without it state grows without end.
   */
  readonly stateTtl: Duration | { readonly [K in L | R]: Duration };
}

/**
 * A regular (inner) join of two tables on equal keys, without time bounds: each row meets every row
 * of the other side with its key, earlier or later, as long as state keeps them. Each side is a
 * source or the first row per key of one (`firstRowPer`), both append-only, so the output is too.
 *
 * ```ts
 * const landings = firstRowPer({ name: 'session_landings', from: clicks, key: 'session_id' });
 * export const v1 = join({
 *   left: { from: clicks, as: 'click' },
 *   right: { from: landings, as: 'landing' },
 *   key: ['session_id', 'session_id'],
 *   stateTtl: { click: '10 min', landing: '1 d' },
 *   select: ({ click, landing }) => ({ event_id: click.event_id, landing_url: landing.url }),
 *   partitionBy: 'event_id',
 * });
 * ```
 * prints `` JOIN `session_landings` AS `landing` ON `click`.`session_id` = `landing`.`session_id` ``, with the
 * per-side TTLs as a hint after SELECT, `STATE_TTL('click' = '600000 ms', 'landing' = '86400000 ms')`, and
 * the longest as `SET 'table.exec.state.ttl' = '86400000 ms'` (one TTL for both sides: the SET alone).
 */
export function join<
  const LCols extends Columns,
  const RCols extends Columns,
  const L extends string,
  const R extends string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: JoinSpec<LCols, RCols, L, R, S, P>): RegularJoinJob<JoinedRow<S, P>> {
  // An updating side (the latest row per key retracts the one before) would make the output update too.
  checkSideTables('join', [spec.left, spec.right], (table) => table.kind === 'source' || table.keep === 'first', 'a source or a firstRowPer table');
  const ttls = joinTtls(spec.stateTtl, [spec.left.as, spec.right.as]);
  const fields = joinFields('join', twoSidedParts('join', spec), spec);
  return Object.freeze({ kind: 'job', jobType: 'join', ...ttls, ...fields });
}
