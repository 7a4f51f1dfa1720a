import { numberLiteral } from '../quoting.js';
import { t, type ColumnType } from './column-types.js';

/**
 * The numeric SQL types a DSL expression can have, and the result types Flink 1.19 derives for
 * arithmetic on them, so a column's declared type is the type Flink computes (the runner's
 * `explain` fails a job where they differ, see runner DeclaredTypeCheck).
 *
 * The rules are Flink's `LogicalTypeMerging` (decimal addition, multiplication, division and
 * modulo, with `adjustPrecisionScale` beyond 38 digits) and Calcite's least-restrictive type for
 * the rest; test/integration/numeric-types.test.ts runs every operator over every type pair on
 * the runner and compares the planner's type and the value with what this module says.
 */
export type NumericType =
  | { readonly kind: 'INT' }
  | { readonly kind: 'BIGINT' }
  | { readonly kind: 'FLOAT' }
  | { readonly kind: 'DOUBLE' }
  | { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number };

export type ArithmeticOperator = '+' | '-' | '*' | '/' | 'MOD';

const MAX_PRECISION = 38;
/** Flink keeps at least this many fractional digits when a result needs more than 38 digits. */
const MINIMUM_ADJUSTED_SCALE = 6;

const INT: NumericType = Object.freeze({ kind: 'INT' });
const BIGINT: NumericType = Object.freeze({ kind: 'BIGINT' });
const DOUBLE: NumericType = Object.freeze({ kind: 'DOUBLE' });

function decimal(precision: number, scale: number): NumericType {
  return Object.freeze({ kind: 'DECIMAL', precision, scale });
}

/** The numeric type of a column type (`t.int()`, `t.decimal(10, 2)`, ...). */
export function numericTypeOf(type: ColumnType<unknown>): NumericType {
  const sql = type.sql.toUpperCase();
  if (sql === 'INT' || sql === 'BIGINT' || sql === 'FLOAT' || sql === 'DOUBLE') return Object.freeze({ kind: sql });
  const match = /^DECIMAL\((\d+), ?(\d+)\)$/.exec(sql);
  if (match === null) throw new TypeError(`${type.sql} is not a numeric type the DSL computes with`);
  return decimal(Number(match[1]), Number(match[2]));
}

/**
 * The type Flink gives a number as the DSL prints it: a whole number is INT, or BIGINT beyond
 * INT's range; a fraction is an exact DECIMAL of its digits (`4.99` is DECIMAL(3, 2), `0.5`
 * DECIMAL(2, 1)); one JavaScript prints with an exponent (`1e-7`) is a DOUBLE.
 */
export function literalNumericType(value: number): NumericType {
  const text = numberLiteral(value);
  if (/e/i.test(text)) return DOUBLE;
  const unsigned = text.replace(/^-/, '');
  const point = unsigned.indexOf('.');
  if (point < 0) return Math.abs(value) <= 2 ** 31 - 1 ? INT : BIGINT;
  const digits = unsigned.length - 1;
  return decimal(digits, unsigned.length - point - 1);
}

/** INT and BIGINT as the exact decimals Flink widens them to when they meet a DECIMAL. */
function asDecimal(type: NumericType): { precision: number; scale: number } {
  if (type.kind === 'DECIMAL') return type;
  if (type.kind === 'INT') return { precision: 10, scale: 0 };
  if (type.kind === 'BIGINT') return { precision: 19, scale: 0 };
  throw new TypeError(`${type.kind} is not exact`);
}

/** INT or BIGINT as the DECIMAL(10, 0) or DECIMAL(19, 0) Flink's typing treats it as beside a DECIMAL. */
export function integerAsDecimal(type: NumericType): NumericType {
  const { precision, scale } = asDecimal(type);
  return decimal(precision, scale);
}

function adjusted(precision: number, scale: number): NumericType {
  if (precision <= MAX_PRECISION) return decimal(precision, scale);
  const integerDigits = precision - scale;
  return decimal(MAX_PRECISION, Math.max(MAX_PRECISION - integerDigits, Math.min(scale, MINIMUM_ADJUSTED_SCALE)));
}

const isApproximate = (type: NumericType): boolean => type.kind === 'FLOAT' || type.kind === 'DOUBLE';

/**
 * The type of `left op right` as Flink derives it. FLOAT never reaches here: the DSL computes a
 * FLOAT operand as DOUBLE (Flink's own FLOAT/DOUBLE mixing depends on operand order).
 */
export function arithmeticType(operator: ArithmeticOperator, left: NumericType, right: NumericType): NumericType {
  if (left.kind === 'FLOAT' || right.kind === 'FLOAT') throw new TypeError('cast FLOAT operands to DOUBLE first');
  if (isApproximate(left) || isApproximate(right)) {
    if (operator === 'MOD') throw new TypeError('MOD takes exact numbers only');
    return DOUBLE;
  }
  if (left.kind !== 'DECIMAL' && right.kind !== 'DECIMAL') {
    // Integers: MOD has the divisor's type (Calcite's ARG1_NULLABLE), the rest the wider of the two.
    if (operator === 'MOD') return right;
    return left.kind === 'BIGINT' || right.kind === 'BIGINT' ? BIGINT : INT;
  }
  const l = asDecimal(left);
  const r = asDecimal(right);
  switch (operator) {
    case '+':
    case '-': {
      const scale = Math.max(l.scale, r.scale);
      return adjusted(Math.max(l.precision - l.scale, r.precision - r.scale) + scale + 1, scale);
    }
    case '*':
      return adjusted(l.precision + r.precision + 1, l.scale + r.scale);
    case '/': {
      const scale = Math.max(MINIMUM_ADJUSTED_SCALE, l.scale + r.precision + 1);
      return adjusted(l.precision - l.scale + r.scale + scale, scale);
    }
    case 'MOD': {
      const scale = Math.max(l.scale, r.scale);
      return adjusted(Math.min(l.precision - l.scale, r.precision - r.scale) + scale, scale);
    }
  }
}

/**
 * The one type of several values that meet in a CASE or COALESCE (Calcite's least restrictive
 * type): DOUBLE if any is approximate, the wider integer if all are integers, otherwise a DECIMAL
 * with the most integer and the most fractional digits of any.
 */
export function commonNumericType(types: readonly NumericType[]): NumericType {
  if (types.some((type) => type.kind === 'FLOAT')) throw new TypeError('cast FLOAT values to DOUBLE first');
  if (types.some(isApproximate)) return DOUBLE;
  if (types.every((type) => type.kind !== 'DECIMAL')) return types.some((type) => type.kind === 'BIGINT') ? BIGINT : INT;
  const decimals = types.map(asDecimal);
  const scale = Math.max(...decimals.map((type) => type.scale));
  const integerDigits = Math.max(...decimals.map((type) => type.precision - type.scale));
  return decimal(Math.min(MAX_PRECISION, integerDigits + scale), scale);
}

/** SUM's type: an integer keeps its type; a DECIMAL keeps its scale at the widest precision (Flink's SumAggFunction). */
export function sumType(type: NumericType): NumericType {
  return type.kind === 'DECIMAL' ? decimal(MAX_PRECISION, type.scale) : type;
}

/**
 * The type of FLOOR, CEIL (`mode` 'floor': a DECIMAL(p, s) becomes DECIMAL(p, 0)) or ROUND to `digits`
 * (Flink's round type: a DECIMAL that loses digits becomes DECIMAL(p - s + digits + 1, digits), or
 * DECIMAL(p - s + 1, 0) for digits below 0); integers and DOUBLE keep their type.
 */
export function roundedType(type: NumericType, digits: number, mode: 'floor' | 'round'): NumericType {
  if (type.kind !== 'DECIMAL') return type;
  if (mode === 'floor') return decimal(type.precision, 0);
  if (digits >= type.scale) return type;
  const kept = Math.max(digits, 0);
  return decimal(Math.min(MAX_PRECISION, type.precision - type.scale + kept + 1), kept);
}

export const isExact = (type: NumericType): boolean => !isApproximate(type);
export const isInteger = (type: NumericType): boolean => type.kind === 'INT' || type.kind === 'BIGINT';

/** The column type of a numeric type, not nullable. */
export function columnTypeOf(type: NumericType): ColumnType<number, 'numeric'> {
  switch (type.kind) {
    case 'INT':
      return t.int();
    case 'BIGINT':
      return t.bigint();
    case 'FLOAT':
      return t.float();
    case 'DOUBLE':
      return t.double();
    case 'DECIMAL':
      return t.decimal(type.precision, type.scale);
  }
}
