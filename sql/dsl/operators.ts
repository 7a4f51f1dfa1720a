import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { unaryOperationNode } from '../ast/unary-operation-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { caseNode } from '../ast/case-node.js';
import { castNode } from '../ast/cast-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { t } from '../schema/column-types.js';
import { arithmeticType, columnTypeOf, integerAsDecimal, isExact, isInteger, type NumericType } from '../schema/numeric-types.js';
import { Expr, toNode, type Operand } from './expression.js';
import { numericOperand, type NumericOperand } from './numeric-operand.js';

type NumberExpr = Expr<number | null, 'numeric'>;
type BooleanExpr = Expr<boolean | null, 'boolean'>;

/**
 * Both operands, with an integer that meets a DECIMAL cast to the DECIMAL(10, 0) or DECIMAL(19, 0)
 * that Flink's typing already treats it as. Flink 1.19's generated code instead casts the integer to
 * the result's DECIMAL type, which may have too few integer digits for it (DECIMAL(10, 2) divided by
 * the BIGINT 3000000123 is a DECIMAL(30, 22): 8 integer digits), and fails with a NullPointerException.
 */
function numericOperands(left: Operand<'numeric'>, right: Operand<'numeric'>): [NumericOperand, NumericOperand] {
  const l = numericOperand(left);
  const r = numericOperand(right);
  const widen = (operand: NumericOperand, other: NumericType): NumericOperand => {
    if (other.kind !== 'DECIMAL' || !isInteger(operand.type)) return operand;
    const asDecimal = integerAsDecimal(operand.type);
    return { ...operand, node: castNode(operand.node, columnTypeOf(asDecimal).sql, 'CAST'), type: asDecimal };
  };
  return [widen(l, r.type), widen(r, l.type)];
}

const isNullable = (operand: Operand<'numeric'>): boolean => operand instanceof Expr && operand.type.nullable;

/** `left op right`, typed as Flink types it: INT + INT is INT, BIGINT * DECIMAL(10, 2) is DECIMAL(30, 2). */
function arithmetic(operator: '+' | '-' | '*', left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr {
  const [l, r] = numericOperands(left, right);
  const type = columnTypeOf(arithmeticType(operator, l.type, r.type));
  return new Expr(binaryOperationNode(operator, l.node, r.node), isNullable(left) || isNullable(right) ? t.nullable(type) : type);
}

/**
 * `left op right` where a zero divisor gives NULL instead of failing the job (integers, DECIMAL) or
 * writing Infinity (DOUBLE): a non-zero constant divisor as it is, anything else guarded by
 * `CASE WHEN divisor <> 0 THEN ... ELSE NULL END`. Not `left / NULLIF(divisor, 0)`: Flink 1.19's
 * generated code for a DECIMAL division passes the NULL on and fails with a NullPointerException.
 */
function guardedDivision(operand: Operand<'numeric'>, divisor: ExpressionNode, division: ExpressionNode, usedIn: string): ExpressionNode {
  if (!(operand instanceof Expr)) {
    if (operand === 0) throw new JobDefinitionError(`${usedIn}: the divisor is the constant 0, so every row would be NULL`);
    return division;
  }
  return caseNode([{ when: binaryOperationNode('<>', divisor, literalNode(0)), then: division }], literalNode(null));
}

/**
 * Addition of numeric expressions or constants (`plus`, `minus`, `times` and `divide` take numbers
 * only: a string column here is a TypeScript error); a nested operation prints in parentheses. The
 * result has Flink's type: INT + INT is INT (and wraps on overflow, as in Java), anything with a
 * DOUBLE is DOUBLE, a DECIMAL keeps exact digits; a FLOAT is computed as DOUBLE.
 * @example
 * select: (c) => ({ price_with_shipping: plus(c.price, 4.99) }),
 * // prints `price` + 4.99 AS `price_with_shipping`
 */
export const plus = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('+', left, right);
/**
 * Subtraction, e.g. the spread of a window's prices in a rule over the job's own features.
 * @example
 * withRules(perMinute, (row) => ({ price_range_1m: minus(row.price_max_1m, row.price_min_1m) })),
 * // prints `price_max_1m` - `price_min_1m` AS `price_range_1m`
 */
export const minus = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('-', left, right);
/**
 * Multiplication, e.g. a price in cents.
 * @example
 * select: (c) => ({ price_cents: times(c.price, 100) }),
 * // prints `price` * 100 AS `price_cents`
 */
export const times = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('*', left, right);

/**
 * Division as arithmetic means it: two integers divide as DOUBLE (SQL's `7 / 2` would be 3; here it
 * is 3.5), a DECIMAL divides exactly (Flink's decimal division type, at least 6 fractional digits),
 * and a zero divisor gives NULL rather than failing the job. Always nullable.
 * @example
 * withRules(urlTraffic, (page) => ({ revenue_per_user_1m: divide(page.revenue_1m, page.user_id_count_distinct_1m) })),
 * // prints CASE WHEN `user_id_count_distinct_1m` <> 0 THEN (`revenue_1m` / `user_id_count_distinct_1m`) ELSE NULL END AS `revenue_per_user_1m`
 */
export function divide(left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr {
  const [l, r] = numericOperands(left, right);
  const wholeNumbers = isInteger(l.type) && isInteger(r.type);
  const dividend = wholeNumbers ? castNode(l.node, 'DOUBLE', 'CAST') : l.node;
  const type = wholeNumbers ? t.double() : columnTypeOf(arithmeticType('/', l.type, r.type));
  return new Expr(guardedDivision(right, r.node, binaryOperationNode('/', dividend, r.node), 'divide'), t.nullable(type));
}

/**
 * The remainder of a division of exact numbers (`MOD`), with the dividend's sign: `mod(c.clicks, 10)`.
 * The result has Flink's type (for integers, the divisor's); a zero divisor gives NULL. A DOUBLE
 * operand is refused, as Flink refuses it.
 * @example
 * select: (c) => ({ bucket: mod(c.user_number, 16) }),
 * // prints MOD(`user_number`, 16) AS `bucket`
 */
export function mod(left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr {
  const [l, r] = numericOperands(left, right);
  if (!isExact(l.type) || !isExact(r.type)) {
    throw new JobDefinitionError('mod: takes whole numbers and DECIMALs only (Flink has no MOD of a DOUBLE); cast the operand, e.g. cast(x, \'BIGINT\')');
  }
  return new Expr(guardedDivision(right, r.node, functionCallNode('MOD', [l.node, r.node]), 'mod'), t.nullable(columnTypeOf(arithmeticType('MOD', l.type, r.type))));
}

/**
 * `a AND b AND ...`: every condition holds.
 * @example
 * where: (c) => and(c.event_type.eq('view'), c.price.isNotNull()),
 * // prints WHERE (`event_type` = 'view') AND (`price` IS NOT NULL)
 */
export function and(first: Operand<'boolean'>, ...rest: Operand<'boolean'>[]): BooleanExpr {
  return rest.reduce<BooleanExpr>(
    (all, next) => new Expr(binaryOperationNode('AND', all.node, toNode(next)), t.nullable(t.boolean())),
    new Expr(toNode(first), t.nullable(t.boolean())),
  );
}

/**
 * `a OR b OR ...`: any condition holds, e.g. any of a job's alert flags (`jobs/user-alerts.ts`).
 * @example
 * where: (minute) => or(minute.bot_rate, minute.rate_spike, minute.unusual_rate),
 * // prints WHERE (`bot_rate` OR `rate_spike`) OR `unusual_rate`
 */
export function or(first: Operand<'boolean'>, ...rest: Operand<'boolean'>[]): BooleanExpr {
  return rest.reduce<BooleanExpr>(
    (all, next) => new Expr(binaryOperationNode('OR', all.node, toNode(next)), t.nullable(t.boolean())),
    new Expr(toNode(first), t.nullable(t.boolean())),
  );
}

/**
 * `NOT a`: the condition does not hold (a NULL condition stays NULL, so the row is not kept either).
 * @example
 * where: (c) => not(c.event_type.eq('view')),
 * // prints WHERE (NOT (`event_type` = 'view'))
 */
export function not(operand: Operand<'boolean'>): BooleanExpr {
  return new Expr(unaryOperationNode('NOT', toNode(operand)), t.nullable(t.boolean()));
}
