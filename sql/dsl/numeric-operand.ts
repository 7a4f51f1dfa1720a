import { castNode } from '../ast/cast-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { literalNode } from '../ast/literal-node.js';
import { t } from '../schema/column-types.js';
import { literalNumericType, numericTypeOf, type NumericType } from '../schema/numeric-types.js';
import { Expr, type Operand } from './expression.js';

/** A number as the DSL computes with it: its node, its numeric type, and whether it may be NULL. */
export interface NumericOperand {
  readonly node: ExpressionNode;
  readonly type: NumericType;
  readonly nullable: boolean;
}

/**
 * An expression or constant as an operand of arithmetic, a math function or a CASE/COALESCE branch.
 * A FLOAT is computed as DOUBLE: Flink's own FLOAT/DOUBLE mixing depends on operand order.
 */
export function numericOperand(operand: Operand<'numeric'>): NumericOperand {
  if (!(operand instanceof Expr)) return { node: literalNode(operand), type: literalNumericType(operand), nullable: false };
  const type = numericTypeOf(operand.type);
  if (type.kind === 'FLOAT') return { node: castNode(operand.node, 'DOUBLE', 'CAST'), type: numericTypeOf(t.double()), nullable: operand.type.nullable };
  return { node: operand.node, type, nullable: operand.type.nullable };
}
