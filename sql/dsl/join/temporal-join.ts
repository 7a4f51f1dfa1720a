import { JobDefinitionError } from '../../errors.js';
import type { ColumnType } from '../../schema/column-types.js';
import { parseDuration, type Duration } from '../../schema/duration.js';
import type { JoinedRow, JoinOutputSpec, Selections } from '../join-output.js';
import type { KeyedTable } from '../keyed-table.js';
import { rowOf, type Columns, type ColumnsOfCategory, type NullableRowOf, type Source } from '../source.js';
import { joinFields, type TemporalJoinJob } from './join-node.js';
import { nullableRowOf } from './nullable-row.js';
import { aliasedRow, checkSides, compiledSide, type AliasedRow, type JoinSideSpec, type TableRow } from './sides.js';

/** A versioned table: the latest row per key by event time (`latestRowPer`). */
export type VersionedTable = KeyedTable<Columns, string, 'latest'>;

type KeyCategory<T extends VersionedTable> = T['columns'][T['key']] extends ColumnType<unknown, infer C> ? C : never;

export interface TemporalJoinSpec<SCols extends Columns, A extends string, Versions extends VersionedTable, V extends string, S extends Selections, P extends keyof S & string>
  extends JoinOutputSpec<P> {
  /** The events: each is joined with the version valid at its event time. */
  readonly stream: JoinSideSpec<SCols, A, Source<SCols>>;
  /** The versioned table (`latestRowPer`); its columns are NULL for an event with no version yet. */
  readonly versions: { readonly from: Versions; readonly as: V };
  /** The stream's column that holds the versioned table's key. */
  readonly key: ColumnsOfCategory<SCols, KeyCategory<Versions>>;
  /** How long an idle key's state (its versions, waiting events) is kept. Required: keys never end otherwise. */
  readonly stateTtl: Duration;
  readonly select: (rows: AliasedRow<A, TableRow<SCols>> & AliasedRow<V, NullableRowOf<Versions['columns']>>) => S;
}

/** The versions are a versioned table, checked at run time too (a cast can get past the types). */
function checkVersioned(table: KeyedTable): void {
  if (table.keep !== 'latest') throw new JobDefinitionError(`temporalJoin: versions '${table.name}' must be a latestRowPer table (a versioned table)`);
}

/**
 * An event-time temporal join: each event of `stream` with the row of `versions` (a `latestRowPer`
 * table) that was the latest for its key at the event's time, or NULLs when there was none yet (a
 * LEFT join: every event gives one row). Flink holds each event until the watermark passes it, so
 * versions up to its time have arrived; the output is append-only.
 *
 * ```ts
 * const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id', where: (c) => c.event_type.eq('purchase') });
 * export const v1 = temporalJoin({
 *   stream: { from: clicks, as: 'click' },
 *   versions: { from: latestPurchases, as: 'purchase' },
 *   key: 'user_id',
 *   stateTtl: '30 d',
 *   select: ({ click, purchase }) => ({ user_id: click.user_id, last_order_value: purchase.price }),
 *   partitionBy: 'user_id',
 * });
 * ```
 * prints `` LEFT JOIN `latest_purchases` FOR SYSTEM_TIME AS OF `click`.`event_time` AS `purchase` ON `click`.`user_id` = `purchase`.`user_id` ``.
 */
export function temporalJoin<
  const SCols extends Columns,
  const A extends string,
  Versions extends VersionedTable,
  const V extends string,
  const S extends Selections,
  const P extends keyof S & string,
>(spec: TemporalJoinSpec<SCols, A, Versions, V, S, P>): TemporalJoinJob<JoinedRow<S, P>> {
  const { stream, versions } = spec;
  checkVersioned(versions.from);
  const key = [spec.key, versions.from.key] as const;
  checkSides('temporalJoin', stream, versions, key);
  const streamRow = rowOf(stream.from.columns, stream.as);
  const versionRow = nullableRowOf(versions.from.columns, versions.as);
  const selected = spec.select({ ...aliasedRow(stream.as, streamRow), ...aliasedRow(versions.as, versionRow) });
  const sides = [compiledSide(stream, stream.where?.(streamRow)), compiledSide(versions, undefined)] as const;
  const stateTtl = parseDuration(spec.stateTtl, 'temporalJoin stateTtl');
  const fields = joinFields('temporalJoin', { sides, key, selected }, spec);
  return Object.freeze({ kind: 'job', jobType: 'temporal-join', stateTtl, ...fields });
}
