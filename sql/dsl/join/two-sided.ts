import { JobDefinitionError } from '../../errors.js';
import type { JoinOutputSpec, Selections } from '../join-output.js';
import type { KeyedTable } from '../keyed-table.js';
import { rowOf, type Columns, type ColumnsOfCategory, type Source } from '../source.js';
import type { JoinParts } from './join-node.js';
import { aliasedRow, checkSides, compiledSide, type AliasedRow, type CategoryOfColumn, type JoinSideSpec, type Side, type TableRow } from './sides.js';

/** What a regular join may read on either side: a source, or the first row per key of one. */
export type JoinTable<Cols extends Columns> = Source<Cols> | KeyedTable<Cols, string, 'first'>;

/**
 * `[left column, right column]` of the same category: one pair type per left column, so the left
 * column needs no type parameter of its own to tie the right one's category to it.
 */
export type KeyPair<LCols extends Columns, RCols extends Columns> = {
  readonly [K in keyof LCols & string]: readonly [K, ColumnsOfCategory<RCols, CategoryOfColumn<LCols, K>>];
}[keyof LCols & string];

/** What `join` and `intervalJoin` share: two sides of tables, a key pair and a select over both rows. */
export interface TwoSidedSpec<LCols extends Columns, RCols extends Columns, L extends string, R extends string, S extends Selections, P extends keyof S & string>
  extends JoinOutputSpec<P> {
  readonly left: JoinSideSpec<LCols, L, JoinTable<LCols>>;
  readonly right: JoinSideSpec<RCols, R, JoinTable<RCols>>;
  /** Equal columns of both sides, `[left column, right column]`, e.g. `['session_id', 'session_id']`, of the same category. */
  readonly key: KeyPair<LCols, RCols>;
  /** Output columns from the matched pair. Example: `({ viewed, bought }) => ({ viewed_at: viewed.event_time, ... })`. */
  readonly select: (rows: AliasedRow<L, TableRow<LCols>> & AliasedRow<R, TableRow<RCols>>) => S;
}

/** The tables a side may read, checked at run time too (a cast can get past the types). */
export function checkSideTables(what: string, sides: readonly [Side, Side], allowed: (table: Source | KeyedTable) => boolean, expected: string): void {
  for (const side of sides) {
    if (!allowed(side.from)) throw new JobDefinitionError(`${what}: side '${side.as}' reads '${side.from.name}', which is not ${expected}`);
  }
}

/** Both sides checked and compiled, and the columns `select` picks from their rows. */
export function twoSidedParts<LCols extends Columns, RCols extends Columns, L extends string, R extends string, S extends Selections, P extends keyof S & string>(
  what: string,
  spec: TwoSidedSpec<LCols, RCols, L, R, S, P>,
): JoinParts<S> {
  const { left, right } = spec;
  const key = [spec.key[0], spec.key[1]] as const;
  checkSides(what, left, right, key);
  const leftRow = rowOf(left.from.columns, left.as);
  const rightRow = rowOf(right.from.columns, right.as);
  const selected = spec.select({ ...aliasedRow(left.as, leftRow), ...aliasedRow(right.as, rightRow) });
  const sides = [compiledSide(left, left.where?.(leftRow)), compiledSide(right, right.where?.(rightRow))] as const;
  return { sides, key, selected };
}
