import { ColumnError, JobDefinitionError } from '../../errors.js';
import type { ColumnType } from '../../schema/column-types.js';
import type { Condition } from '../join-output.js';
import type { KeyedTable } from '../keyed-table.js';
import type { Columns, RowOf, Source } from '../source.js';
import type { CompiledJoinSide } from './join-node.js';

/** The row a side's callbacks receive: its table's columns, qualified by the side's alias. */
export type TableRow<Cols extends Columns> = RowOf<Source<Cols>['columns']>;

export type CategoryOfColumn<Cols extends Columns, K extends keyof Cols> = Cols[K] extends ColumnType<unknown, infer C> ? C : never;

/** One side of a join: a table under an alias, and which of its rows take part. */
export interface JoinSideSpec<Cols extends Columns, A extends string, T> {
  readonly from: T;
  /** The name the side's columns are qualified by in SQL and passed to `select` under. */
  readonly as: A;
  readonly where?: (row: TableRow<Cols>) => Condition;
}

/** A side's row under its alias, as `select` receives it: `{ click: <the click row> }`. */
export type AliasedRow<A extends string, Row> = { readonly [K in A]: Row };

export function aliasedRow<A extends string, Row>(alias: A, row: Row): AliasedRow<A, Row> {
  // TypeScript types an object with a computed key of a generic type as an index signature
  // (microsoft/TypeScript#13948), so it cannot see that the one key is `alias`.
  return { [alias]: row } as AliasedRow<A, Row>;
}

/** A side as the checks read it, whatever its kind of table. */
export interface Side {
  readonly from: Source | KeyedTable;
  readonly as: string;
}

/** Two sides under different aliases, each key column one of its side's columns. */
export function checkSides(what: string, left: Side, right: Side, key: readonly [string, string]): void {
  if (left.as === right.as) throw new JobDefinitionError(`${what}: both sides are called '${left.as}'; give each its own alias`);
  for (const [side, column] of [[left, key[0]], [right, key[1]]] as const) {
    if (!(column in side.from.columns)) throw new ColumnError(`${what} key: '${column}' is not a column of '${side.from.name}' (side '${side.as}')`);
  }
}

export function compiledSide(side: Side, where: Condition | undefined): CompiledJoinSide {
  return { table: side.from, alias: side.as, ...(where === undefined ? {} : { where }) };
}
