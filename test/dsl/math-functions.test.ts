import { describe, expect, it } from 'vitest';
import { at, eventsOf, jobTest } from '../../job-test-kit/index.js';
import { numericTypeOf } from '../../sql/schema/numeric-types.js';
import { FUNCTIONS, mathFunctions, type Column, type FunctionName } from './math-functions.js';
import { numbers } from './numeric-types.js';

const number = eventsOf(numbers, { id: 'n', i: 7, b: 3_000_000_123, f: 2.5, d: 0.1, m: 12.34, w: 1234.5678901234, ts: at('10:00') });

/** Half away from zero, as Flink rounds (Java's HALF_UP), unlike JavaScript's Math.round (half up towards +∞). */
function roundHalfAway(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
}

const orNull = (holds: boolean, value: number): number | null => (holds ? value : null);

/** What each function means, in JavaScript: NULL outside a logarithm's or a square root's domain, and where e^x is beyond a DOUBLE. */
const MEANING: Record<FunctionName, (x: number) => number | null> = {
  abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  ceil: Math.ceil,
  round: (x) => roundHalfAway(x, 0),
  round1: (x) => roundHalfAway(x, 1),
  roundMinus1: (x) => roundHalfAway(x / 10, 0) * 10,
  sqrt: (x) => orNull(x >= 0, Math.sqrt(x)),
  ln: (x) => orNull(x > 0, Math.log(x)),
  log10: (x) => orNull(x > 0, Math.log10(x)),
  log2: (x) => orNull(x > 0, Math.log2(x)),
  exp: (x) => orNull(x <= 709.78, Math.exp(x)),
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
};

/**
 * Each math function over INT, BIGINT, FLOAT, DOUBLE and two DECIMALs on the runner: the runner refuses a column whose
 * declared type is not Flink's (so passing runs prove the types), and each value is what the function means, with
 * a negative half to show rounding away from zero and a zero and a negative to show the domain guards.
 */
describe('math functions: Flink’s type and the value the DSL means, on the runner', () => {
  it.each([
    ['positive values', { id: 'n' }],
    ['negative values with halves to round', { id: 'negative', i: -7, b: -15, f: -2.5, d: -0.25, m: -12.35, w: -0.05 }],
    ['zeros', { id: 'zero', i: 0, b: 0, f: 0, d: 0, m: 0, w: 0 }],
  ] as const)('%s', async (_, values) => {
    // Prepare
    const run = await jobTest(mathFunctions, import.meta.url).run([number(values)]);
    const row = run.emitted[0]?.row ?? {};
    const record = { i: 7, b: 3_000_000_123, f: 2.5, d: 0.1, m: 12.34, w: 1234.5678901234, ...values } as Record<Column, number>;

    // Assess
    expect(row.pi).toBe(Math.PI);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      for (const column of ['i', 'b', 'f', 'd', 'm', 'w'] as const) {
        const key = `${name}_${column}`;
        const expected = MEANING[name](record[column]);
        const type = mathFunctions.outputColumns.find(([output]) => output === key)?.[1];
        if (expected === null) {
          expect(row[key], key).toBeNull();
          continue;
        }
        const integer = type !== undefined && ['INT', 'BIGINT'].includes(numericTypeOf(type).kind);
        if (integer) expect(row[key], key).toBe(expected);
        else expect(Math.abs((row[key] as number) - expected), `${key}: emitted ${String(row[key])}, expected ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
      }
    }
  });
});
