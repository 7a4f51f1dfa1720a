import { nullable, type ColumnType, type TypeCategory } from '../schema/column-types.js';
import { Expr } from './expression.js';

/** The TypeScript value of an operand: an expression's own, a constant's type. */
export type OperandValue<O> = O extends Expr<infer T> ? T : O;

/** `R`, or `R | null` when any of the operands may be null: the result type of a function that is NULL on a NULL input. */
export type NullableIfAny<Operands extends readonly unknown[], R> = null extends OperandValue<Operands[number]> ? R | null : R;

/** The column type of a function's result: nullable when any operand is (constants never are). */
export function resultType<T, C extends TypeCategory>(type: ColumnType<T, C>, operands: readonly unknown[]): ColumnType<T, C> {
  return operands.some((operand) => operand instanceof Expr && operand.type.nullable) ? (nullable(type) as ColumnType<T, C>) : type;
}
