import { ColumnError } from '../errors.js';
import { t, type ColumnType } from '../schema/column-types.js';
import type { Expr } from './expression.js';
import { checkUniqueColumns, type ScalingSpec, type Simplify } from './job-common.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
export type AnyExpr = Expr<any>;
export type Selections = Readonly<Record<string, AnyExpr>>;
export type Condition = Expr<boolean | null, 'boolean'>;

/** What a job of selected columns (a join, a union) says about its output besides what it reads. */
export interface JoinOutputSpec<P> {
  /** The output column that is the Kinesis partition key; one of the selected ones. */
  readonly partitionBy: P;
  readonly sinkStream?: string;
  readonly description?: string;
  /** Parallelism and autoscaling on Managed Flink; default parallelism 1, no autoscaling. */
  readonly scaling?: ScalingSpec;
}

/** The output row of a join: the partition key, `feature_set`, then the other selected columns. */
export type JoinedRow<S extends Selections, P extends keyof S> = Simplify<
  { readonly [K in P]: S[K] extends Expr<infer T> ? T : never } & { readonly feature_set: string } & {
    readonly [K in Exclude<keyof S, P>]: S[K] extends Expr<infer T> ? T : never;
  }
>;

/** The output columns of a join's selections, in the order every job's output has: partition key, `feature_set`, the rest. */
export function joinOutputColumns(what: string, selections: readonly (readonly [string, AnyExpr])[], partitionBy: string): (readonly [string, ColumnType<unknown>])[] {
  const partition = selections.find(([name]) => name === partitionBy);
  if (partition === undefined) throw new ColumnError(`${what} partitionBy: '${partitionBy}' is not one of the selected columns`);
  const outputColumns: (readonly [string, ColumnType<unknown>])[] = [
    [partitionBy, partition[1].type as ColumnType<unknown>],
    ['feature_set', t.string()],
    ...selections.filter(([name]) => name !== partitionBy).map(([name, expression]) => [name, expression.type as ColumnType<unknown>] as const),
  ];
  checkUniqueColumns(outputColumns);
  return outputColumns;
}
