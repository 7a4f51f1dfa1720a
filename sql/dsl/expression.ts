import { binaryOperationNode, type BinaryOperator } from '../ast/binary-operation-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { literalNode } from '../ast/literal-node.js';
import { unaryOperationNode } from '../ast/unary-operation-node.js';
import { t, type ColumnType, type TypeCategory } from '../schema/column-types.js';

/** A value usable where an expression of category C is expected: an expression or a plain constant. */
export type Operand<C extends TypeCategory> = Expr<unknown, C> | ConstantOf<C>;
type ConstantOf<C extends TypeCategory> = C extends 'numeric' ? number : C extends 'boolean' ? boolean : C extends 'string' ? string : never;

/**
 * A typed SQL expression: T is the value's TypeScript type in a JSON row, C its category, which
 * decides the operations it offers (comparisons for all, arithmetic for numbers, AND/OR for
 * booleans). Immutable: every method returns a new expression.
 */
export class Expr<T, C extends TypeCategory = TypeCategory> {
  constructor(
    readonly node: ExpressionNode,
    readonly type: ColumnType<T, C>,
  ) {
    // Subclasses add fields after this constructor runs; each freezes itself when complete.
    if (new.target === Expr) Object.freeze(this);
  }

  /** `a = b`. Example: `c.event_type.eq('purchase')` prints `` `event_type` = 'purchase' ``. */
  eq(other: Operand<C>): Expr<boolean, 'boolean'> {
    return this.compare('=', other);
  }
  ne(other: Operand<C>): Expr<boolean, 'boolean'> {
    return this.compare('<>', other);
  }
  lt(other: Operand<C>): Expr<boolean, 'boolean'> {
    return this.compare('<', other);
  }
  le(other: Operand<C>): Expr<boolean, 'boolean'> {
    return this.compare('<=', other);
  }
  gt(other: Operand<C>): Expr<boolean, 'boolean'> {
    return this.compare('>', other);
  }
  ge(other: Operand<C>): Expr<boolean, 'boolean'> {
    return this.compare('>=', other);
  }

  isNull(): Expr<boolean, 'boolean'> {
    return new Expr(unaryOperationNode('IS NULL', this.node), t.boolean());
  }
  isNotNull(): Expr<boolean, 'boolean'> {
    return new Expr(unaryOperationNode('IS NOT NULL', this.node), t.boolean());
  }

  private compare(operator: BinaryOperator, other: Operand<C>): Expr<boolean, 'boolean'> {
    return new Expr(binaryOperationNode(operator, this.node, toNode(other)), t.boolean());
  }
}

/** Turns an operand into a node: expressions as they are, constants as quoted literals. */
export function toNode(operand: Expr<unknown> | string | number | boolean): ExpressionNode {
  return operand instanceof Expr ? operand.node : literalNode(operand);
}
