import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { caseNode } from '../ast/case-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { t, type ColumnType } from '../schema/column-types.js';
import { columnTypeOf, roundedType } from '../schema/numeric-types.js';
import { Expr, type Operand } from './expression.js';
import { numericOperand } from './numeric-operand.js';

/**
 * Math functions, typed as Flink 1.19 types them (abs, sign, floor, ceil and round keep an exact
 * type exact; the rest are DOUBLE), each checked on the runner by test/dsl/math-functions.test.ts.
 * A function that Flink would answer with NaN or ±Infinity outside its domain (the square root of a
 * negative number, the logarithm of 0, e to the 1000th) gives NULL instead: neither is a JSON
 * number, and a NULL feature is what the model's inputs already handle.
 */

type NumberExpr<T> = Expr<T, 'numeric'>;
type Result<T> = NumberExpr<null extends T ? number | null : number>;

function typed<T>(node: ExpressionNode, type: ColumnType<number, 'numeric'>, nullable: boolean): Result<T> {
  return new Expr(node, nullable ? t.nullable(type) : type) as Result<T>;
}

/** `FUNCTION(x)` keeping x's numeric type (ABS, SIGN). */
function sameType<T extends number | null>(name: string, value: NumberExpr<T>): Result<T> {
  const x = numericOperand(value);
  return typed(functionCallNode(name, [x.node]), columnTypeOf(x.type), x.nullable);
}

/** `FUNCTION(x)` as DOUBLE, NULL where `domain` does not hold (so never NaN). */
function double<T extends number | null>(name: string, args: readonly Operand<'numeric'>[], domain?: (node: ExpressionNode) => ExpressionNode): Result<T> {
  const operands = args.map(numericOperand);
  const call = functionCallNode(name, operands.map((x) => x.node));
  const guards = domain === undefined ? [] : operands.map((x) => domain(x.node));
  const node = guards.length === 0 ? call : caseNode([{ when: guards.reduce((all, next) => binaryOperationNode('AND', all, next)), then: call }], literalNode(null));
  return typed(node, t.double(), guards.length > 0 || operands.some((x) => x.nullable));
}

const positive = (node: ExpressionNode): ExpressionNode => binaryOperationNode('>', node, literalNode(0));
const notNegative = (node: ExpressionNode): ExpressionNode => binaryOperationNode('>=', node, literalNode(0));

/**
 * The absolute value, of the same type.
 * @example
 * select: (c) => ({ price_change: abs(minus(c.price, c.list_price)) }),
 * // prints ABS((`price` - `list_price`)) AS `price_change`
 */
export const abs = <T extends number | null>(value: NumberExpr<T>): Result<T> => sameType('ABS', value);

/**
 * -1, 0 or 1 as the value is negative, zero or positive, of the value's type.
 * @example
 * select: (c) => ({ direction: sign(c.quantity_change) }),
 * // prints SIGN(`quantity_change`) AS `direction`
 */
export const sign = <T extends number | null>(value: NumberExpr<T>): Result<T> => sameType('SIGN', value);

/**
 * The largest whole number not above the value: an integer stays itself, a DECIMAL(p, s) becomes a
 * DECIMAL(p, 0), a DOUBLE stays DOUBLE.
 * @example
 * select: (c) => ({ price_floor: floor(c.price) }),
 * // prints FLOOR(`price`) AS `price_floor`
 */
export function floor<T extends number | null>(value: NumberExpr<T>): Result<T> {
  const x = numericOperand(value);
  return typed(functionCallNode('FLOOR', [x.node]), columnTypeOf(roundedType(x.type, 0, 'floor')), x.nullable);
}

/**
 * The smallest whole number not below the value, typed as `floor`.
 * @example
 * select: (c) => ({ pages: ceil(divide(c.items, 20)) }),
 * // prints CEIL(CASE WHEN ... END) AS `pages`
 */
export function ceil<T extends number | null>(value: NumberExpr<T>): Result<T> {
  const x = numericOperand(value);
  return typed(functionCallNode('CEIL', [x.node]), columnTypeOf(roundedType(x.type, 0, 'floor')), x.nullable);
}

/**
 * Rounded half away from zero to `digits` fractional digits (negative: to tens, hundreds...). A
 * DECIMAL(p, s) becomes DECIMAL(p - s + digits + 1, digits) when it loses digits; a DOUBLE stays DOUBLE.
 * @example
 * select: (c) => ({ price: round(c.price, 2) }),
 * // prints ROUND(`price`, 2) AS `price`
 */
export function round<T extends number | null>(value: NumberExpr<T>, digits = 0): Result<T> {
  if (!Number.isInteger(digits) || Math.abs(digits) > 38) throw new JobDefinitionError(`round: digits must be a whole number from -38 to 38, got ${digits}`);
  const x = numericOperand(value);
  const args = digits === 0 ? [x.node] : [x.node, literalNode(digits)];
  return typed(functionCallNode('ROUND', args), columnTypeOf(roundedType(x.type, digits, 'round')), x.nullable);
}

/**
 * The square root, DOUBLE; NULL for a negative value (Flink would give NaN).
 * @example
 * select: (c) => ({ distance: sqrt(plus(times(c.dx, c.dx), times(c.dy, c.dy))) }),
 * // prints CASE WHEN (...) >= 0 THEN SQRT(...) ELSE NULL END AS `distance`
 */
export const sqrt = <T extends number | null>(value: NumberExpr<T>): NumberExpr<number | null> => double('SQRT', [value], notNegative);

/**
 * The natural logarithm, DOUBLE; NULL for a value that is not positive (Flink would give NaN or -Infinity).
 * @example
 * select: (c) => ({ log_price: ln(c.price) }),
 * // prints CASE WHEN `price` > 0 THEN LN(`price`) ELSE NULL END AS `log_price`
 */
export const ln = <T extends number | null>(value: NumberExpr<T>): NumberExpr<number | null> => double('LN', [value], positive);

/**
 * The base-10 logarithm, DOUBLE; NULL for a value that is not positive.
 * @example
 * select: (c) => ({ price_magnitude: log10(c.price) }),
 * // prints CASE WHEN `price` > 0 THEN LOG10(`price`) ELSE NULL END AS `price_magnitude`
 */
export const log10 = <T extends number | null>(value: NumberExpr<T>): NumberExpr<number | null> => double('LOG10', [value], positive);

/**
 * The logarithm to a base, DOUBLE; NULL unless both are positive.
 * @example
 * select: (c) => ({ doublings: log(2, c.followers) }),
 * // prints CASE WHEN (2 > 0) AND (`followers` > 0) THEN LOG(2, `followers`) ELSE NULL END AS `doublings`
 */
export function log(base: Operand<'numeric'>, value: Operand<'numeric'>): NumberExpr<number | null> {
  if (typeof base === 'number' && (base <= 0 || base === 1)) throw new JobDefinitionError(`log: the base must be positive and not 1, got ${base}`);
  return double('LOG', [base, value], positive);
}

/** ln(Double.MAX_VALUE): e to a larger power is Infinity, which JSON cannot hold. */
const LARGEST_EXPONENT = 709.78;

/**
 * e to the power of the value, DOUBLE; NULL above 709.78, where the result would be Infinity.
 * @example
 * select: (c) => ({ decay: exp(times(c.age_hours, -0.1)) }),
 * // prints CASE WHEN (`age_hours` * -0.1) <= 709.78 THEN EXP((`age_hours` * -0.1)) ELSE NULL END AS `decay`
 */
export const exp = <T extends number | null>(value: NumberExpr<T>): NumberExpr<number | null> =>
  double('EXP', [value], (node) => binaryOperationNode('<=', node, literalNode(LARGEST_EXPONENT)));

/**
 * `base` to the power of `exponent`, DOUBLE (a negative base with a fractional exponent is NaN).
 * @example
 * select: (c) => ({ price_squared: power(c.price, 2) }),
 * // prints POWER(`price`, 2) AS `price_squared`
 */
export function power(base: Operand<'numeric'>, exponent: Operand<'numeric'>): NumberExpr<number | null> {
  return double('POWER', [base, exponent]);
}

/**
 * The sine of an angle in radians, DOUBLE: with `cos`, encodes a cyclic feature such as the hour of day
 * so 23:00 sits next to 00:00.
 * @example
 * select: (c) => ({ hour_sin: sin(times(divide(hourOfDay(c.event_time, 'UTC'), 24), times(2, pi()))) }),
 * // prints SIN(...) AS `hour_sin`
 */
export const sin = <T extends number | null>(value: NumberExpr<T>): Result<T> => double('SIN', [value]);

/** The cosine of an angle in radians, DOUBLE (see `sin`). */
export const cos = <T extends number | null>(value: NumberExpr<T>): Result<T> => double('COS', [value]);

/** π, DOUBLE. */
export const pi = (): NumberExpr<number> => new Expr(functionCallNode('PI', []), t.double());
