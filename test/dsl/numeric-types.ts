import type { Expr } from '../../sql/dsl/expression.js';
import { caseWhen, coalesce, divide, eventFeatures, job, max, min, minus, mod, plus, source, sum, t, times, tumble } from '../../sql/index.js';

/**
 * One value of every numeric type the DSL computes with, and constants of each kind Flink reads
 * (INT, BIGINT, DECIMAL, DOUBLE), for the numeric type matrix: every operator over every pair.
 */
export const numbers = source({
  name: 'numbers',
  stream: 'numbers',
  columns: {
    id: t.string(),
    i: t.int(),
    b: t.bigint(),
    f: t.float(),
    d: t.double(),
    m: t.decimal(10, 2),
    w: t.decimal(38, 10),
    ts: t.bigint(),
  },
  eventTime: { column: 'ts', watermarkDelay: '1 s' },
});

type Row = typeof numbers.row;
export type OperandName = 'i' | 'b' | 'f' | 'd' | 'm' | 'w' | 'int_3' | 'bigint_3e9' | 'decimal_1_5' | 'decimal_0_000001' | 'double_1e_7';

/** The operands: each column, and constants the DSL prints as Flink reads them. */
export const CONSTANTS = { int_3: 3, bigint_3e9: 3_000_000_000, decimal_1_5: 1.5, decimal_0_000001: 0.000001, double_1e_7: 1e-7 } as const;

function operands(c: Row): Record<OperandName, Expr<number | null, 'numeric'> | number> {
  return { i: c.i, b: c.b, f: c.f, d: c.d, m: c.m, w: c.w, ...CONSTANTS };
}

export const OPERATORS = { plus, minus, times, divide, mod } as const;
export type OperatorName = keyof typeof OPERATORS;

const isColumn = (name: OperandName): boolean => name.length === 1;
const isApproximate = (name: OperandName): boolean => name === 'f' || name === 'd' || name === 'double_1e_7';

/** Every pair with at least one column (two constants would be folded by the planner); MOD only of exact numbers, as Flink has it. */
export function pairs(operator: OperatorName): [OperandName, OperandName][] {
  const names = Object.keys(operands({} as Row)) as OperandName[];
  return names.flatMap((left) =>
    names
      .filter((right) => isColumn(left) || isColumn(right))
      .filter((right) => operator !== 'mod' || (!isApproximate(left) && !isApproximate(right)))
      .map((right): [OperandName, OperandName] => [left, right]),
  );
}

export const columnName = (operator: string, left: OperandName, right: OperandName): string => `${left}_${operator}_${right}`;

/** `<left>_<operator>_<right>` for every operator and pair, plus COALESCE and CASE of every pair. */
export const arithmetic = eventFeatures({
  from: numbers,
  partitionBy: 'id',
  select: (c) => {
    const values = operands(c);
    const columns: Record<string, Expr<unknown>> = {};
    for (const [name, operator] of Object.entries(OPERATORS)) {
      for (const [left, right] of pairs(name as OperatorName)) columns[columnName(name, left, right)] = operator(values[left], values[right]);
    }
    for (const [left, right] of pairs('plus')) {
      const value = values[left];
      if (typeof value === 'number') continue;
      columns[columnName('coalesce', left, right)] = coalesce(value, values[right] as never);
      columns[columnName('case', left, right)] = caseWhen([[c.i.gt(0), value]], values[right] as never);
    }
    return columns as Record<string, Expr<number | null, 'numeric'>>;
  },
});

/** SUM, MIN and MAX of every numeric column over a minute. */
export const aggregates = job({
  from: numbers,
  keys: ['id'],
  window: tumble('1 min'),
  aggregations: (c) => [sum(c.i), sum(c.b), sum(c.f), sum(c.d), sum(c.m), sum(c.w), min(c.m), max(c.b)],
});
