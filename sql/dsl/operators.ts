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
 * Arithmetic on numeric expressions. Example: `minus(c.price, c.discount)` prints
 * `` (`price` - `discount`) ``; a string column here is a TypeScript error.
 */
export const plus = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('+', left, right);
export const minus = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('-', left, right);
export const times = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('*', left, right);
export const divide = (left: Operand<'numeric'>, right: Operand<'numeric'>): NumberExpr => arithmetic('/', left, right);

/** `a AND b AND ...`. Example: `and(c.price.gt(0), c.event_type.eq('purchase'))`. */
export function and(first: Operand<'boolean'>, ...rest: Operand<'boolean'>[]): BooleanExpr {
  return rest.reduce<BooleanExpr>(
    (all, next) => new Expr(binaryOperationNode('AND', all.node, toNode(next)), t.nullable(t.boolean())),
    new Expr(toNode(first), t.nullable(t.boolean())),
  );
}

/** `a OR b OR ...`. */
export function or(first: Operand<'boolean'>, ...rest: Operand<'boolean'>[]): BooleanExpr {
  return rest.reduce<BooleanExpr>(
    (all, next) => new Expr(binaryOperationNode('OR', all.node, toNode(next)), t.nullable(t.boolean())),
    new Expr(toNode(first), t.nullable(t.boolean())),
  );
}

/** `NOT a`. */
export function not(operand: Operand<'boolean'>): BooleanExpr {
  return new Expr(unaryOperationNode('NOT', toNode(operand)), t.nullable(t.boolean()));
}
