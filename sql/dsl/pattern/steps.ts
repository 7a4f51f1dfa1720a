import type { PatternTerm, Quantifier } from '../../ast/match-recognize-node.js';
import { JobDefinitionError } from '../../errors.js';

/** A pattern variable with a quantifier; `MaybeAbsent` is true when it may match no row at all. */
export interface PatternStep<V extends string = string, MaybeAbsent extends boolean = boolean> {
  readonly kind: 'pattern-step';
  readonly variable: V;
  readonly quantifier: Quantifier;
  /** Type-only. */
  readonly __maybeAbsent?: MaybeAbsent;
}

/** One element of a sequence: a variable matching exactly one row, or a quantified one. */
export type Step<V extends string> = V | PatternStep<V>;

interface QuantifierOptions {
  /** Match as few rows as possible instead of as many (`*?`, `+?`). */
  readonly reluctant?: boolean;
}

function step<V extends string, A extends boolean>(variable: V, min: number, max: number | undefined, options: QuantifierOptions): PatternStep<V, A> {
  return Object.freeze({ kind: 'pattern-step', variable, quantifier: Object.freeze({ min, max, reluctant: options.reluctant ?? false }) });
}

/**
 * The variable matches one or more consecutive rows. Example: `oneOrMore('carted')` prints
 * `` `carted`+ `` in PATTERN; with `{ reluctant: true }`, `` `carted`+? ``.
 */
export function oneOrMore<const V extends string>(variable: V, options: QuantifierOptions = {}): PatternStep<V, false> {
  return step(variable, 1, undefined, options);
}

/**
 * The variable matches any number of consecutive rows, none included. Example:
 * `zeroOrMore('browsing')` prints `` `browsing`* `` in PATTERN; with `{ reluctant: true }`, `` `browsing`*? ``.
 */
export function zeroOrMore<const V extends string>(variable: V, options: QuantifierOptions = {}): PatternStep<V, true> {
  return step(variable, 0, undefined, options);
}

/**
 * The variable matches one row or none. Example: `optional('landed')` prints `` `landed`? `` in
 * PATTERN. `pattern` refuses `{ reluctant: true }` here (`??`): Flink does not support it.
 */
export function optional<const V extends string>(variable: V, options: QuantifierOptions = {}): PatternStep<V, true> {
  return step(variable, 0, 1, options);
}

/**
 * The variable matches from `min` to `max` consecutive rows. Example:
 * `repeat('viewing', { min: 2, max: 5 })` prints `` `viewing`{2,5} `` in PATTERN; without `max`,
 * `` `viewing`{2,} ``; with `min` equal to `max`, `` `viewing`{2} ``.
 */
export function repeat<const V extends string, const Min extends number>(
  variable: V,
  range: { readonly min: Min; readonly max?: number } & QuantifierOptions,
): PatternStep<V, Min extends 0 ? true : false> {
  const { min, max } = range;
  if (!Number.isInteger(min) || min < 0) throw new JobDefinitionError(`repeat('${variable}'): min must be a whole number >= 0, got ${String(min)}`);
  if (max !== undefined && (!Number.isInteger(max) || max < Math.max(min, 1))) {
    throw new JobDefinitionError(`repeat('${variable}'): max must be a whole number >= min and >= 1, got ${String(max)}`);
  }
  return step(variable, min, max, range);
}

/** The variables of a sequence that may match no row (`zeroOrMore`, `optional`, `repeat` from 0). */
export type AbsentVariables<S> = S extends readonly (infer E)[] ? (E extends PatternStep<infer V, true> ? V : never) : never;

/** A step as a PATTERN term; a plain variable has no quantifier, so it prints without one. */
export function stepTerm(item: Step<string>): PatternTerm {
  return typeof item === 'string' ? { variable: item } : { variable: item.variable, quantifier: item.quantifier };
}
