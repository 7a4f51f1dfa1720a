import { describe, expect, it } from 'vitest';
import { at, eventsOf, jobTest } from '../../job-test-kit/index.js';
import type { ColumnType } from '../../sql/schema/column-types.js';
import { numericTypeOf } from '../../sql/schema/numeric-types.js';
import { aggregates, arithmetic, CONSTANTS, columnName, numbers, OPERATORS, pairs, type OperandName, type OperatorName } from './numeric-types.js';

/**
 * The numeric type matrix: every arithmetic operator (and COALESCE, CASE, SUM, MIN, MAX) over every pair of numeric
 * types and constant kinds, run on the runner. Two things are checked for every column:
 * - its type: the runner refuses to run a job whose query computes a column type other than the one the DSL
 *   declared (runner DeclaredTypeCheck; nullability and string length aside), so these runs passing means the DSL
 *   declares exactly Flink's type for each of the ~300 columns;
 * - its value: what the DSL says the operator means (divide is true division, NULL for a zero divisor; MOD has the
 *   dividend's sign), worked out here in JavaScript. Integer results must be equal; fractional ones equal to 1e-9,
 *   relative (a DECIMAL keeps a fixed number of fractional digits, a DOUBLE is binary).
 */
const number = eventsOf(numbers, { id: 'n', i: 7, b: 3_000_000_123, f: 2.5, d: 0.1, m: 12.34, w: 1234.5678901234, ts: at('10:00') });
const zeros = { id: 'zero', i: 0, b: 0, f: 0, d: 0, m: 0, w: 0 } as const;

type Values = Record<OperandName, number>;

function meaning(operator: OperatorName, left: number, right: number): number | null {
  switch (operator) {
    case 'plus':
      return left + right;
    case 'minus':
      return left - right;
    case 'times':
      return left * right;
    case 'divide':
      return right === 0 ? null : left / right;
    case 'mod':
      return right === 0 ? null : left % right;
  }
}

/**
 * An integer column must be exactly the expected value; a fractional one within 1e-9 of it, relative, or within
 * a unit of its last digit for a DECIMAL, which rounds to its scale (a DECIMAL(38, 8) keeps 8 fractional digits),
 * or within the error of computing it here in binary doubles.
 */
function expectValue(row: string, column: string, actual: unknown, expected: number | null, operands: readonly number[] = []): void {
  const type = numericTypeOf(columnType(column));
  const label = `row ${row}, ${column}`;
  if (expected === null || type.kind === 'INT' || type.kind === 'BIGINT') {
    expect(actual, label).toBe(expected);
    return;
  }
  expect(typeof actual, `${label} = ${String(actual)}`).toBe('number');
  const rounding = type.kind === 'DECIMAL' ? 10 ** -type.scale : 0;
  // JavaScript computes with binary doubles: 1234.5678901234 is not exact, and 3e9 MOD it is 27.000138 in Flink's
  // exact DECIMAL but 27.0001378839... here, an error of up to the operands' size times 2^-52.
  const binaryError = 1e-15 * Math.max(0, ...operands.map(Math.abs));
  const tolerance = Math.max(1e-9 * Math.max(1, Math.abs(expected)), rounding, binaryError);
  expect(Math.abs((actual as number) - expected), `${label} (${type.kind}${type.kind === 'DECIMAL' ? `(${type.precision}, ${type.scale})` : ''}): emitted ${String(actual)}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
}

function columnType(column: string): ColumnType<unknown> {
  const type = arithmetic.outputColumns.find(([name]) => name === column)?.[1];
  if (type === undefined) throw new Error(`the job has no column ${column}`);
  return type;
}

describe('numeric types: every operator over every type pair computes what the DSL declares, on the runner', () => {
  it('+, -, *, / and MOD, COALESCE and CASE: Flink’s type for each column, and the value the DSL means', async () => {
    // Prepare
    const run = await jobTest(arithmetic, import.meta.url).run([number(), number(zeros)]);
    const rows = new Map(run.emitted.map(({ row }) => [row.id, row]));

    // Assess: every operator over every pair, for a row of values and a row of zeros (divisors of 0 give NULL).
    for (const [id, columns] of [['n', { i: 7, b: 3_000_000_123, f: 2.5, d: 0.1, m: 12.34, w: 1234.5678901234 }], ['zero', zeros]] as const) {
      const row = rows.get(id);
      expect(row, `row ${id}`).toBeDefined();
      const values: Values = { ...CONSTANTS, ...columns };
      for (const operator of Object.keys(OPERATORS) as OperatorName[]) {
        for (const [left, right] of pairs(operator)) {
          const column = columnName(operator, left, right);
          expectValue(id, column, row?.[column], meaning(operator, values[left], values[right]), [values[left], values[right]]);
        }
      }
      for (const [left, right] of pairs('plus').filter(([left]) => left.length === 1)) {
        expectValue(id, columnName('coalesce', left, right), row?.[columnName('coalesce', left, right)], values[left]);
        // CASE WHEN i > 0 THEN left ELSE right END
        expectValue(id, columnName('case', left, right), row?.[columnName('case', left, right)], columns.i > 0 ? values[left] : values[right]);
      }
    }
  });

  it('SUM, MIN and MAX: a DECIMAL sums to DECIMAL(38, s), an INT to an INT, at Flink’s type and value', async () => {
    // Prepare: two events in one minute.
    const run = await jobTest(aggregates, import.meta.url).run([number(), number({ i: -2, b: 5, f: 0.25, d: 0.2, m: 0.66, w: 0.0000000001, ts: at('10:00:30') })]);

    // Assess
    run.expectRows([
      {
        id: 'n',
        i_sum_1m: 5,
        b_sum_1m: 3_000_000_128,
        f_sum_1m: 2.75,
        d_sum_1m: expect.closeTo(0.3, 12) as never,
        m_sum_1m: 13,
        w_sum_1m: expect.closeTo(1234.5678901235, 10) as never,
        m_min_1m: 0.66,
        b_max_1m: 3_000_000_123,
      },
    ]);
  });
});
