import { betweenNode } from '../ast/between-node.js';
import { castNode } from '../ast/cast-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { inListNode } from '../ast/in-list-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { nonNullable, nullable, t, type ColumnType } from '../schema/column-types.js';
import { Expr, toNode, type Operand } from './expression.js';
import { resultType, type NullableIfAny } from './function-types.js';

type Constant<C> = C extends 'numeric' ? number : C extends 'string' ? string : never;
type Condition<Operands extends readonly unknown[]> = Expr<NullableIfAny<Operands, boolean>, 'boolean'>;

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * `value IN (a, b, ...)`: the value is one of a list of constants of its own kind (strings for a string, numbers
 * for a number). NULL when the value is.
 * @example
 * where: (c) => isIn(c.event_type, ['add_to_cart', 'purchase']),
 * // prints WHERE `event_type` IN ('add_to_cart', 'purchase')
 */
export function isIn<T, C extends 'string' | 'numeric'>(value: Expr<T, C>, list: readonly Constant<C>[]): Expr<null extends T ? boolean | null : boolean, 'boolean'> {
  if (list.length === 0) throw new JobDefinitionError('isIn: the list is empty, so no value is in it; give at least one value');
  const kind = value.type.category === 'numeric' ? 'number' : 'string';
  for (const item of list as readonly unknown[]) {
    if (typeof item !== kind || (typeof item === 'number' && !Number.isFinite(item))) {
      throw new JobDefinitionError(`isIn: ${describe(item)} is not a ${kind === 'number' ? 'finite number' : kind}, as the value (${value.type.sql}) is`);
    }
  }
  return new Expr(inListNode(value.node, list.map((item) => literalNode(item))), resultType(t.boolean(), [value]));
}

/**
 * Flink plans a comparison of a TIMESTAMP_LTZ (an instant) with a TIMESTAMP (a wall clock, e.g. a window bound)
 * and then cannot compile it ("Incomparable types"), failing the job when it starts: refused here, naming the cast.
 */
function checkComparable(usedIn: string, operands: readonly unknown[]): void {
  const types = operands.flatMap((operand) => (operand instanceof Expr && operand.type.category === 'timestamp' ? [operand.type.sql] : []));
  const instants = types.filter((sql) => sql.startsWith('TIMESTAMP_LTZ'));
  if (instants.length > 0 && instants.length < types.length) {
    throw new JobDefinitionError(`${usedIn}: compares ${types.join(' with ')}; Flink cannot compare an instant with a wall-clock TIMESTAMP: cast the TIMESTAMP (cast(x, 'TIMESTAMP_LTZ(3)'))`);
  }
}

/**
 * `value BETWEEN low AND high`: low <= value <= high, both bounds included; false when low is above high (the
 * bounds are not swapped). NULL when any of the three is.
 * @example
 * where: (c) => between(c.price, 10, 100),
 * // prints WHERE `price` BETWEEN 10 AND 100
 */
export function between<T, C extends 'string' | 'numeric' | 'timestamp', const L extends Operand<C>, const H extends Operand<C>>(value: Expr<T, C>, low: L, high: H): Condition<[Expr<T, C>, L, H]> {
  checkComparable('between', [value, low, high]);
  return new Expr(betweenNode(value.node, toNode(low), toNode(high)), resultType(t.boolean(), [value, low, high]));
}

/**
 * `NULLIF(value, other)`: NULL where the value equals `other`, else the value; e.g. to treat a placeholder such
 * as '' or 0 as missing. Of the value's type, nullable.
 * @example
 * select: (c) => ({ referrer: nullif(c.referrer, '') }),
 * // prints NULLIF(`referrer`, '') AS `referrer`
 */
export function nullif<T, C extends 'string' | 'numeric' | 'boolean' | 'timestamp'>(value: Expr<T, C>, other: Operand<C>): Expr<T | null, C> {
  checkComparable('nullif', [value, other]);
  return new Expr(functionCallNode('NULLIF', [value.node, toNode(other)]), nullable(value.type));
}

/**
 * The largest of values of one type (`least` for the smallest), NULL when any of them is. Expressions must be of
 * the same SQL type (cast one otherwise), so the result is that type; a numeric constant must fit it (an integer
 * for a BIGINT or INT, one that fits the precision and scale for a DECIMAL, which it is cast to).
 * @example
 * select: (c) => ({ price_floor: greatest(c.price, 0) }),
 * // prints GREATEST(`price`, 0) AS `price_floor`
 */
export function greatest<T, C extends 'string' | 'numeric' | 'timestamp', const Rest extends readonly [Operand<C>, ...Operand<C>[]]>(first: Expr<T, C>, ...rest: Rest): Expr<NullableIfAny<[Expr<T, C>, ...Rest], NonNullable<T>>, C> {
  return extreme('GREATEST', 'greatest', first, rest) as Expr<NullableIfAny<[Expr<T, C>, ...Rest], NonNullable<T>>, C>;
}

/**
 * The smallest of values of one type, NULL when any of them is; the operands as for `greatest`.
 * @example
 * select: (c) => ({ first_seen: least(c.event_time, landing.event_time) }),
 * // prints LEAST(`event_time`, `landing`.`event_time`) AS `first_seen`
 */
export function least<T, C extends 'string' | 'numeric' | 'timestamp', const Rest extends readonly [Operand<C>, ...Operand<C>[]]>(first: Expr<T, C>, ...rest: Rest): Expr<NullableIfAny<[Expr<T, C>, ...Rest], NonNullable<T>>, C> {
  return extreme('LEAST', 'least', first, rest) as Expr<NullableIfAny<[Expr<T, C>, ...Rest], NonNullable<T>>, C>;
}

function extreme(fn: 'GREATEST' | 'LEAST', usedIn: string, first: Expr<unknown>, rest: readonly unknown[]): Expr<unknown> {
  const type = first.type;
  const args = rest.map((operand, index) => {
    if (operand instanceof Expr) {
      if (operand.type.sql !== type.sql) {
        throw new JobDefinitionError(`${usedIn}: operand ${String(index + 2)} is ${operand.type.sql} and the first ${type.sql}; Flink would widen them to a third type, so cast one (cast(x, '${type.sql}'))`);
      }
      return operand.node;
    }
    return constantOfType(operand, type, usedIn);
  });
  return new Expr(functionCallNode(fn, [first.node, ...args]), resultType(nonNullable(type), [first, ...rest]));
}

/**
 * A constant as an operand of a column type, printed so the result keeps that type: Flink types `0` INT and `1.5`
 * DECIMAL(2, 1), which a DOUBLE absorbs and a BIGINT absorbs whole numbers of, but a DECIMAL(10, 2) would widen to.
 */
function constantOfType(value: unknown, type: ColumnType<unknown>, usedIn: string): ExpressionNode {
  if (type.category === 'string' && typeof value === 'string') return literalNode(value);
  if (type.category !== 'numeric' || typeof value !== 'number' || !Number.isFinite(value)) {
    throw new JobDefinitionError(`${usedIn}: ${describe(value)} is not a constant of the operands' type ${type.sql}`);
  }
  if (type.sql === 'DOUBLE') return literalNode(value);
  if ((type.sql === 'BIGINT' && Number.isSafeInteger(value)) || (type.sql === 'INT' && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647)) return literalNode(value);
  const decimal = /^DECIMAL\((\d+), (\d+)\)$/.exec(type.sql);
  if (decimal !== null) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    const [whole = '', fraction = ''] = Math.abs(value).toString().split('.');
    if (!/e/i.test(whole) && (whole === '0' ? 0 : whole.length) <= precision - scale && fraction.length <= scale) return castNode(literalNode(value), type.sql, 'CAST');
  }
  throw new JobDefinitionError(`${usedIn}: the constant ${String(value)} does not fit the operands' type ${type.sql}; use a constant of that type, or cast the operands`);
}
