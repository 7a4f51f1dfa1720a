import { binaryOperationNode, type BinaryOperator } from '../ast/binary-operation-node.js';
import { unaryOperationNode } from '../ast/unary-operation-node.js';
import { t } from '../schema/column-types.js';
import { Expr, toNode, type Operand } from './expression.js';

type NumberExpr = Expr<number | null, 'numeric'>;
type BooleanExpr = Expr<boolean | null, 'boolean'>;

function arithmetic(operator: BinaryOperator, left: Operand<'numeric'>, right: Operand<'numeric'>): Expr<number | null, 'numeric'> {
  return new Expr(binaryOperationNode(operator, toNode(left), toNode(right)), t.nullable(t.double()));
}

/**
 * Addition of numeric expressions or constants (`plus`, `minus`, `times` and `divide` take numbers
 * only: a string column here is a TypeScript error); a nested operation prints in parentheses.
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
 * Division, e.g. a page's revenue per unique user from two features of `jobs/url-traffic.ts`.
 * @example
 * withRules(urlTraffic, (page) => ({ revenue_per_user_1m: divide(page.revenue_1m, page.user_id_count_distinct_1m) })),
 * // prints `revenue_1m` / `user_id_count_distinct_1m` AS `revenue_per_user_1m`
 */
export const divide = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('/', left, right);

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
