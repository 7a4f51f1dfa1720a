/**
 * vitest's asymmetric matchers typed for expected rows: `expect.closeTo` and friends are typed `any`, which
 * the lint rules refuse in an object literal. `closeTo(1.2247, 4)` reads the same and type-checks.
 */
import { expect } from 'vitest';

export interface RowMatcher {
  asymmetricMatch: (other: unknown) => boolean;
}

/** A number within 10^-digits / 2 of `value` (vitest's `expect.closeTo`). */
export function closeTo(value: number, digits = 2): RowMatcher {
  return expect.closeTo(value, digits) as RowMatcher;
}

/** Any one of `values` (vitest's `expect.toBeOneOf`): for what the job leaves undefined, such as which of two tied rows it keeps. */
export function oneOf(values: readonly unknown[]): RowMatcher {
  return expect.toBeOneOf([...values]) as RowMatcher;
}
