import { binaryOperationNode } from '../ast/binary-operation-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { parseDuration, type Duration } from '../schema/duration.js';
import { nonNullable, nullable, t, type ColumnType, type TypeCategory } from '../schema/column-types.js';
import { columnTypeOf, commonNumericType, literalNumericType } from '../schema/numeric-types.js';
import { Expr, toNode, type Operand } from './expression.js';
import { numericOperand } from './numeric-operand.js';
import { caseNode } from '../ast/case-node.js';
import { castNode } from '../ast/cast-node.js';
import { timestampDiffNode } from '../ast/timestamp-diff-node.js';

// Time parts in a zone (hourOfDay, dayOfWeek, ...) are in time-functions.ts.

/**
 * The first non-null of a value and a fallback; the result's type is not nullable. Numbers meet
 * as Flink types them: `coalesce(c.price_decimal, 0)` of a DECIMAL(10, 2) is a DECIMAL(12, 2).
 * @example
 * select: (c) => ({ zip: coalesce(c.zip, 'unknown') }),
 * // prints COALESCE(`zip`, 'unknown') AS `zip`
 */
export function coalesce<T, C extends TypeCategory>(value: Expr<T, C>, fallback: Expr<NonNullable<T>, C> | NonNullable<T>): Expr<NonNullable<T>, C> {
  const { nodes, type } = commonBranches(value, fallback as Expr<unknown> | string | number | boolean);
  return new Expr(functionCallNode('COALESCE', nodes), nonNullable(type as ColumnType<T, C>));
}

/**
 * Two values that meet in one column (COALESCE, a CASE's branches): their nodes, with a FLOAT
 * computed as DOUBLE, and the column's type, Flink's least restrictive type for numbers.
 */
function commonBranches(...values: readonly (Expr<unknown> | string | number | boolean | null)[]): { nodes: ExpressionNode[]; type: ColumnType<unknown> } {
  const present = values.filter((value): value is Expr<unknown> | string | number | boolean => value !== null);
  const numeric = present.every((value) => (value instanceof Expr ? value.type.category === 'numeric' : typeof value === 'number'));
  if (!numeric) {
    const typed = present.find((value): value is Expr<unknown> => value instanceof Expr);
    return { nodes: values.map((value) => (value === null ? literalNode(null) : toNode(value))), type: typed?.type ?? branchType(present[0]) };
  }
  const numbers = values.map((value) => (value === null ? null : numericOperand(value as Expr<number | null, 'numeric'> | number)));
  const type = columnTypeOf(commonNumericType(numbers.filter((branch) => branch !== null).map((branch) => branch.type)));
  const nullableType = present.some((value) => value instanceof Expr && value.type.nullable) ? t.nullable(type) : type;
  return { nodes: numbers.map((branch) => (branch === null ? literalNode(null) : branch.node)), type: nullableType };
}

/**
 * The string in lower case, e.g. to group URLs that differ only in case.
 * @example
 * select: (c) => ({ url: lower(c.url) }),
 * // prints LOWER(`url`) AS `url`
 */
export function lower<T extends string | null>(value: Expr<T, 'string'>): Expr<T, 'string'> {
  return new Expr(functionCallNode('LOWER', [value.node]), value.type);
}

/**
 * The string in upper case.
 * @example
 * select: (c) => ({ event_type: upper(c.event_type) }),
 * // prints UPPER(`event_type`) AS `event_type`
 */
export function upper<T extends string | null>(value: Expr<T, 'string'>): Expr<T, 'string'> {
  return new Expr(functionCallNode('UPPER', [value.node]), value.type);
}

/** Target types a value can be cast to, with the TypeScript type of the result. */
const CAST_TYPES = {
  STRING: t.string(),
  BIGINT: t.bigint(),
  INT: t.int(),
  DOUBLE: t.double(),
  BOOLEAN: t.boolean(),
  // From a TIMESTAMP (a window's bounds), read in the job's zone, UTC: the instant type of event times.
  'TIMESTAMP_LTZ(3)': t.timestampLtz(3),
} as const;
type CastTarget = keyof typeof CAST_TYPES;
type CastResult<K extends CastTarget> = (typeof CAST_TYPES)[K] extends ColumnType<infer T, infer C> ? Expr<T | null, C> : never;

/**
 * `CAST(x AS type)`: fails the job on a value that does not convert, so use it only where the
 * producer guarantees the format. Example: `cast(c.zip, 'INT')` prints `` CAST(`zip` AS INT) ``.
 */
export function cast<K extends CastTarget>(value: Expr<unknown>, type: K): CastResult<K> {
  return new Expr(castNode(value.node, type, 'CAST'), nullable(CAST_TYPES[type] as ColumnType<unknown>)) as unknown as CastResult<K>;
}

/**
 * `TRY_CAST(x AS type)`: NULL instead of a failure for a value that does not convert, for values
 * whose format the producer does not guarantee (`cast` is for those it does).
 * @example
 * select: (c) => ({ zip_number: tryCast(c.zip, 'INT') }),
 * // prints TRY_CAST(`zip` AS INT) AS `zip_number`
 */
export function tryCast<K extends CastTarget>(value: Expr<unknown>, type: K): CastResult<K> {
  return new Expr(castNode(value.node, type, 'TRY_CAST'), nullable(CAST_TYPES[type] as ColumnType<unknown>)) as unknown as CastResult<K>;
}

/** The category of a branch value: an expression's own, or a constant's (where C could not be inferred). */
type CategoryOfOperand<V, C extends TypeCategory> = V extends Expr<unknown, infer D> ? D : V extends string ? 'string' : V extends number ? 'numeric' : V extends boolean ? 'boolean' : C;

/**
 * `CASE WHEN c1 THEN v1 ... ELSE otherwise END`, every branch of one category; the first condition
 * that holds wins, and an `otherwise` of `null` prints `ELSE NULL`.
 * @example
 * select: (c) => ({ price_band: caseWhen([[c.price.gt(100), 'high'], [c.price.gt(10), 'mid']], 'low') }),
 * // prints CASE WHEN `price` > 100 THEN 'high' WHEN `price` > 10 THEN 'mid' ELSE 'low' END AS `price_band`
 */
export function caseWhen<C extends TypeCategory, V extends Operand<C>>(
  branches: readonly (readonly [Expr<boolean | null, 'boolean'>, V])[],
  otherwise: V | null,
): Expr<(V extends Expr<infer T> ? T : V) | null, CategoryOfOperand<V, C>> {
  if (branches.length === 0) throw new JobDefinitionError('caseWhen needs at least one branch');
  const values = [...branches.map(([, then]) => then as Expr<unknown> | string | number | boolean), otherwise as Expr<unknown> | string | number | boolean | null];
  const { nodes, type } = commonBranches(...values);
  const whens = branches.map(([when], index) => ({ when: when.node, then: nodes[index] as ExpressionNode }));
  return new Expr(caseNode(whens, nodes[branches.length]), nullable(type)) as Expr<(V extends Expr<infer T> ? T : V) | null, CategoryOfOperand<V, C>>;
}

function branchType(value: unknown): ColumnType<unknown> {
  if (value instanceof Expr) return value.type as ColumnType<unknown>;
  if (typeof value === 'number') return columnTypeOf(literalNumericType(value));
  if (typeof value === 'boolean') return t.boolean();
  return t.string();
}

/**
 * An instant shifted by a duration: `addDuration(c.event_time, '30 min')` prints
 * `` (`event_time` + INTERVAL '30' MINUTE) ``. Null when the instant is null.
 */
export function addDuration<T extends string | null>(timestamp: Expr<T, 'timestamp'>, duration: Duration): Expr<T, 'timestamp'> {
  const parsed = parseDuration(duration, 'addDuration');
  return new Expr(binaryOperationNode('+', timestamp.node, intervalNode(parsed.amount, parsed.unit)), timestamp.type);
}

/**
 * Whole seconds from one instant to another, negative when `to` is earlier:
 * `secondsBetween(landing.event_time, c.event_time)` prints `` TIMESTAMPDIFF(SECOND, `landing`.`event_time`, `c`.`event_time`) ``.
 * Null when either is null.
 */
export function secondsBetween<F extends string | null, T extends string | null>(
  from: Expr<F, 'timestamp'>,
  to: Expr<T, 'timestamp'>,
): Expr<null extends F | T ? number | null : number, 'numeric'> {
  const type = from.type.nullable || to.type.nullable ? t.nullable(t.int()) : t.int();
  return new Expr(timestampDiffNode('SECOND', from.node, to.node), type as ColumnType<null extends F | T ? number | null : number, 'numeric'>);
}

type ConstantValue = string | number | boolean;
type ConstantExpr<V extends ConstantValue> = V extends string ? Expr<string, 'string'> : V extends number ? Expr<number, 'numeric'> : Expr<boolean, 'boolean'>;

/**
 * A constant as a column: `constant('abandoned_cart')` prints `'abandoned_cart'` (safely quoted). A
 * number has the type Flink reads it as: `42` an INT, `3000000000` a BIGINT, `0.5` a DECIMAL(2, 1).
 */
export function constant<const V extends ConstantValue>(value: V): ConstantExpr<V> {
  return new Expr(literalNode(value), branchType(value)) as unknown as ConstantExpr<V>;
}
