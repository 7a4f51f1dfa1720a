import type { Expr } from '../../sql/dsl/expression.js';
import { abs, ceil, cos, eventFeatures, exp, floor, ln, log, log10, pi, power, round, sign, sin, sqrt } from '../../sql/index.js';
import { numbers } from './numeric-types.js';

type Row = typeof numbers.row;
export type Column = 'i' | 'b' | 'f' | 'd' | 'm' | 'w';
const COLUMNS: readonly Column[] = ['i', 'b', 'f', 'd', 'm', 'w'];

/** Each math function over each numeric type: `<function>_<column>`. */
export const FUNCTIONS = {
  abs: (x: Expr<number, 'numeric'>) => abs(x),
  sign: (x: Expr<number, 'numeric'>) => sign(x),
  floor: (x: Expr<number, 'numeric'>) => floor(x),
  ceil: (x: Expr<number, 'numeric'>) => ceil(x),
  round: (x: Expr<number, 'numeric'>) => round(x),
  round1: (x: Expr<number, 'numeric'>) => round(x, 1),
  roundMinus1: (x: Expr<number, 'numeric'>) => round(x, -1),
  sqrt: (x: Expr<number, 'numeric'>) => sqrt(x),
  ln: (x: Expr<number, 'numeric'>) => ln(x),
  log10: (x: Expr<number, 'numeric'>) => log10(x),
  log2: (x: Expr<number, 'numeric'>) => log(2, x),
  exp: (x: Expr<number, 'numeric'>) => exp(x),
  square: (x: Expr<number, 'numeric'>) => power(x, 2),
  sin: (x: Expr<number, 'numeric'>) => sin(x),
  cos: (x: Expr<number, 'numeric'>) => cos(x),
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export const mathFunctions = eventFeatures({
  from: numbers,
  partitionBy: 'id',
  select: (c: Row) => {
    const columns: Record<string, Expr<unknown>> = { pi: pi() };
    for (const [name, apply] of Object.entries(FUNCTIONS)) {
      for (const column of COLUMNS) columns[`${name}_${column}`] = apply(c[column]);
    }
    return columns as Record<string, Expr<number | null, 'numeric'>>;
  },
});
