import { ColumnError, JobDefinitionError } from '../errors.js';
import { nullable, type ColumnType, type TypeCategory } from '../schema/column-types.js';
import type { Expr } from './expression.js';
import { DEFAULT_SINK_STREAM, scalingOf, type JobCommon, type Simplify } from './job-common.js';
import type { Job } from './job-kinds.js';
import { joinOutputColumns, type AnyExpr, type Condition, type JoinOutputSpec, type Selections } from './join-output.js';
import type { OutputRowOf } from './rules.js';
import { declaredStateTtl } from './state-ttl.js';
import { rowOf } from './source.js';

/** A part's view of its job's output row: every column but `feature_set`, which the union sets itself. */
export type PartRow<J extends Job> = OutputRowOf<Omit<J['Row'], 'feature_set'>>;

/** Some of a job's output rows, projected onto the union's columns. Made by `unionPart`. */
export interface UnionPart<S extends Selections = Selections> {
  readonly kind: 'union-part';
  readonly job: Job;
  readonly where?: Condition;
  readonly selections: readonly (readonly [string, AnyExpr])[];
  /** Type-only: the part's selections. Undefined at run time. */
  readonly Selections: S;
}

/**
 * Rows of a job for `unionAll`: which of them (`where`) and the union's columns computed from each
 * (`select`), from the job's output columns. A computed column is cast to the union's column type
 * (Flink would type `'bot_rate'` as CHAR(8), and UNION ALL pads CHARs to the longest).
 * @example
 * unionPart(clickRate, { where: (m) => m.bot_rate, select: (m) => ({ user_id: m.user_id, alert: constant('bot_rate') }) }),
 * // prints, in jobs/user-alerts.ts: SELECT `user_id`, 'user-alerts.v1' AS `feature_set`, CAST('bot_rate' AS STRING) AS `alert` FROM (<clickRate's query>) AS `part` WHERE `bot_rate`
 */
export function unionPart<J extends Job, const S extends Selections>(
  job: J,
  spec: { readonly where?: (row: PartRow<J>) => Condition; readonly select: (row: PartRow<J>) => S },
): UnionPart<S> {
  if (job.dataLake !== undefined) {
    throw new JobDefinitionError(`unionPart: the job writes a data-lake copy ('${job.dataLake.folder}'), which a union does not: it writes only its own sinks; give the union the copy`);
  }
  const row = rowOf(Object.fromEntries(job.outputColumns.filter(([name]) => name !== 'feature_set'))) as unknown as PartRow<J>;
  const where = spec.where?.(row);
  return Object.freeze({
    kind: 'union-part',
    job,
    ...(where === undefined ? {} : { where }),
    selections: Object.entries(spec.select(row)),
    Selections: undefined as unknown as S,
  });
}

type CategoryOfExpr<E> = E extends Expr<unknown, infer C> ? C : never;
type ValueOfExpr<E> = E extends Expr<infer T> ? T : never;
type SelectionsOf<Part> = Part extends UnionPart<infer S> ? S : never;

/** What every part must select: the first part's columns, each of the same category (nullability may differ). */
type ShapeOf<S extends Selections> = { readonly [K in keyof S]: Expr<unknown, CategoryOfExpr<S[K]> & TypeCategory> };
type Checked<Parts extends readonly UnionPart[]> = {
  readonly [I in keyof Parts]: [Exclude<keyof SelectionsOf<Parts[I]>, keyof SelectionsOf<Parts[0]>>] extends [never]
    ? UnionPart<ShapeOf<SelectionsOf<Parts[0]>>>
    : { readonly error: `selects columns the first part does not: ${Exclude<keyof SelectionsOf<Parts[I]>, keyof SelectionsOf<Parts[0]>> & string}` };
};

/** The union's row: the first part's columns, each NULL-able if it is in any part. */
export type UnionRow<Parts extends readonly UnionPart[], P extends string> = Simplify<
  { readonly [K in P & keyof SelectionsOf<Parts[0]>]: ValueOfExpr<SelectionsOf<Parts[number]>[K]> } & { readonly feature_set: string } & {
    readonly [K in Exclude<keyof SelectionsOf<Parts[0]>, P>]: ValueOfExpr<SelectionsOf<Parts[number]>[K]>;
  }
>;

export interface UnionSpec<Parts extends readonly UnionPart[], P extends string> extends JoinOutputSpec<P> {
  /** Two parts or more, each selecting the same columns (by name) of the same categories. */
  readonly parts: Parts & Checked<Parts>;
}

export interface UnionJob<Row = unknown> extends JobCommon<Row> {
  readonly jobType: 'union';
  readonly parts: readonly UnionPart[];
}

/** Each part's columns against the first part's: the same names, the same SQL types. */
function checkParts(parts: readonly UnionPart[]): void {
  const [first, ...rest] = parts;
  if (first === undefined || rest.length === 0) throw new JobDefinitionError('unionAll needs two parts or more');
  const expected = new Map(first.selections.map(([name, expression]) => [name, (expression.type as ColumnType<unknown>).sql]));
  for (const [index, part] of rest.entries()) {
    const names = part.selections.map(([name]) => name);
    const missing = [...expected.keys()].filter((name) => !names.includes(name));
    const extra = names.filter((name) => !expected.has(name));
    if (missing.length > 0 || extra.length > 0) {
      const problems = [...(missing.length > 0 ? [`lacks ${missing.join(', ')}`] : []), ...(extra.length > 0 ? [`adds ${extra.join(', ')}`] : [])];
      throw new ColumnError(`unionAll part ${String(index + 2)} does not select the first part's columns: it ${problems.join(' and ')}`);
    }
    for (const [name, expression] of part.selections) {
      const sql = (expression.type as ColumnType<unknown>).sql;
      if (sql !== expected.get(name)) {
        throw new ColumnError(`unionAll column '${name}': part 1 gives ${String(expected.get(name))}, part ${String(index + 2)} gives ${sql}; cast one to the other's type`);
      }
    }
  }
}

/** A Flink job has one state TTL: the parts that declare one must declare the same. */
function checkStateTtls(parts: readonly UnionPart[]): void {
  const declared = parts.flatMap((part, index) => {
    const ttl = declaredStateTtl(part.job);
    return ttl === undefined ? [] : [[index + 1, ttl] as const];
  });
  if (new Set(declared.map(([, ttl]) => ttl.millis)).size > 1) {
    const list = declared.map(([part, ttl]) => `part ${String(part)}: ${ttl.suffix}`).join(', ');
    throw new JobDefinitionError(`unionAll: the parts keep state for different times (${list}); a Flink job has one state TTL, so give them the same stateTtl`);
  }
}

/**
 * The rows of several jobs in one stream, `SELECT ... FROM (job 1) WHERE ... UNION ALL SELECT ... FROM (job 2) ...`:
 * e.g. one alerts stream from a pattern job and an anomaly job. Each part selects the same columns;
 * a column is nullable in the output when it is in any part. The parts run inside this job (their own
 * jobs need not be deployed); parts that keep state for a time (`stateTtl`) must agree on it, and it
 * applies to all of them.
 *
 * ```ts
 * export const v1 = unionAll({
 *   parts: [
 *     unionPart(cartAbandonment, { select: (cart) => ({ user_id: cart.user_id, alert: constant('abandoned_cart') }) }),
 *     unionPart(clickRate, { where: (m) => m.bot_rate, select: (m) => ({ user_id: m.user_id, alert: constant('bot_rate') }) }),
 *   ],
 *   partitionBy: 'user_id',
 * });
 * ```
 * prints, in `jobs/user-alerts.ts`, `` SELECT `user_id`, 'user-alerts.v1' AS `feature_set`, CAST('abandoned_cart' AS STRING) AS `alert` FROM (...) AS `part`
 * UNION ALL SELECT `user_id`, 'user-alerts.v1' AS `feature_set`, CAST('bot_rate' AS STRING) AS `alert` FROM (...) AS `part` WHERE `bot_rate` ``.
 */
export function unionAll<const Parts extends readonly [UnionPart, UnionPart, ...UnionPart[]], const P extends keyof SelectionsOf<Parts[0]> & string>(
  spec: UnionSpec<Parts, P>,
): UnionJob<UnionRow<Parts, P>> {
  const parts: readonly UnionPart[] = spec.parts;
  checkParts(parts);
  checkStateTtls(parts);
  const nullableColumns = new Set(parts.flatMap((part) => part.selections.filter(([, expression]) => (expression.type as ColumnType<unknown>).nullable).map(([name]) => name)));
  const [first] = parts as readonly [UnionPart];
  const outputColumns = joinOutputColumns('unionAll', first.selections, spec.partitionBy).map(([name, type]) =>
    nullableColumns.has(name) && !type.nullable ? ([name, nullable(type)] as const) : ([name, type] as const),
  );
  return Object.freeze({
    kind: 'job',
    jobType: 'union',
    parts,
    partitionKey: [spec.partitionBy],
    sinkStream: spec.sinkStream ?? DEFAULT_SINK_STREAM,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    scaling: scalingOf(spec.scaling),
    outputColumns,
    Row: undefined as unknown as UnionRow<Parts, P>,
  });
}
