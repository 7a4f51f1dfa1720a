import { describe, expect, it } from 'vitest';
import { divide, mod, plus, times } from '../../../sql/index.js';
import { Expr } from '../../../sql/dsl/expression.js';
import { columnNode } from '../../../sql/ast/column-node.js';
import { t, type ColumnType } from '../../../sql/schema/column-types.js';
import { arithmeticType, commonNumericType, literalNumericType, numericTypeOf, sumType, type NumericType } from '../../../sql/schema/numeric-types.js';
import { printSql } from '../../../sql/printer/sql-printer.js';

const INT = numericTypeOf(t.int());
const BIGINT = numericTypeOf(t.bigint());
const DOUBLE = numericTypeOf(t.double());
const decimal = (precision: number, scale: number): NumericType => numericTypeOf(t.decimal(precision, scale));
const column = (name: string, type: ColumnType<number, 'numeric'>) => new Expr<number, 'numeric'>(columnNode(name), type);

/**
 * The derivation rules, on cases whose types Flink 1.19's planner reported for the same expressions (the runner's
 * DeclaredTypeCheck, see test/dsl/numeric-types.test.ts, which checks every pair on the runner). Rules: Flink's
 * LogicalTypeMerging.findAdditionDecimalType / findMultiplicationDecimalType / findDivisionDecimalType /
 * findModuloDecimalType and adjustPrecisionScale (at most 38 digits, at least 6 fractional ones kept).
 */
describe('numeric result types follow Flink 1.19', () => {
  it.each([
    ['INT + INT', '+', INT, INT, INT],
    ['INT / BIGINT (integer division in SQL)', '/', INT, BIGINT, BIGINT],
    ['BIGINT MOD INT has the divisor’s type', 'MOD', BIGINT, INT, INT],
    ['INT + DECIMAL(10, 2)', '+', INT, decimal(10, 2), decimal(13, 2)],
    ['BIGINT * DECIMAL(10, 2)', '*', BIGINT, decimal(10, 2), decimal(30, 2)],
    ['DECIMAL(10, 2) / DECIMAL(10, 2)', '/', decimal(10, 2), decimal(10, 2), decimal(23, 13)],
    ['DECIMAL(38, 10) + INT, beyond 38 digits', '+', decimal(38, 10), INT, decimal(38, 9)],
    ['DECIMAL(38, 10) * DECIMAL(38, 10) keeps 6 fractional digits', '*', decimal(38, 10), decimal(38, 10), decimal(38, 6)],
    ['DECIMAL(7, 6) / DECIMAL(38, 10)', '/', decimal(7, 6), decimal(38, 10), decimal(38, 27)],
    ['DECIMAL(38, 10) MOD BIGINT', 'MOD', decimal(38, 10), BIGINT, decimal(29, 10)],
    ['DOUBLE + DECIMAL(10, 2)', '+', DOUBLE, decimal(10, 2), DOUBLE],
  ] as const)('%s', (_, operator, left, right, result) => {
    expect(arithmeticType(operator, left, right)).toEqual(result);
  });

  it('reads constants as Flink reads the printed literal', () => {
    expect(literalNumericType(3)).toEqual(INT);
    expect(literalNumericType(3_000_000_000)).toEqual(BIGINT);
    expect(literalNumericType(1.5)).toEqual(decimal(2, 1));
    expect(literalNumericType(0.5)).toEqual(decimal(2, 1));
    expect(literalNumericType(0.000001)).toEqual(decimal(7, 6));
    expect(literalNumericType(-4.99)).toEqual(decimal(3, 2));
    expect(literalNumericType(1e-7)).toEqual(DOUBLE);
  });

  it('CASE and COALESCE meet at the least restrictive type; SUM widens a DECIMAL to 38 digits', () => {
    expect(commonNumericType([decimal(10, 2), INT])).toEqual(decimal(12, 2));
    expect(commonNumericType([BIGINT, decimal(2, 1)])).toEqual(decimal(20, 1));
    expect(commonNumericType([INT, BIGINT])).toEqual(BIGINT);
    expect(commonNumericType([decimal(10, 2), DOUBLE])).toEqual(DOUBLE);
    expect(sumType(decimal(10, 2))).toEqual(decimal(38, 2));
    expect(sumType(INT)).toEqual(INT);
  });
});

describe('the arithmetic operators print what they mean', () => {
  const clicks = column('clicks', t.bigint());
  const views = column('views', t.int());
  const amount = column('amount', t.decimal(10, 2));
  const ratio = column('ratio', t.float());

  it('divide of two integers divides as DOUBLE, and a zero divisor gives NULL', () => {
    const share = divide(clicks, views);
    expect(printSql(share.node)).toBe('CASE WHEN `views` <> 0 THEN (CAST(`clicks` AS DOUBLE) / `views`) ELSE NULL END');
    expect(share.type.sql).toBe('DOUBLE');
    expect(share.type.nullable).toBe(true);
  });

  it('an integer that meets a DECIMAL is cast to the DECIMAL Flink types it as, so it never overflows the result type', () => {
    expect(printSql(divide(amount, clicks).node)).toBe('CASE WHEN CAST(`clicks` AS DECIMAL(19, 0)) <> 0 THEN (`amount` / CAST(`clicks` AS DECIMAL(19, 0))) ELSE NULL END');
    expect(printSql(times(amount, 3).node)).toBe('(`amount` * CAST(3 AS DECIMAL(10, 0)))');
    expect(times(amount, 3).type.sql).toBe('DECIMAL(21, 2)');
  });

  it('a FLOAT is computed as DOUBLE; a constant divisor needs no guard, and 0 is refused', () => {
    expect(printSql(plus(ratio, 1).node)).toBe('(CAST(`ratio` AS DOUBLE) + 1)');
    expect(printSql(divide(clicks, 1000).node)).toBe('(CAST(`clicks` AS DOUBLE) / 1000)');
    expect(() => divide(clicks, 0)).toThrow('divide: the divisor is the constant 0, so every row would be NULL');
    expect(() => mod(ratio, 2)).toThrow(/mod: takes whole numbers and DECIMALs only/);
  });
});
