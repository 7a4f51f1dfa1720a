import type { ExpressionNode } from './expression-node.js';
import type { IntervalNode } from './interval-node.js';
import { numberLiteral, quoteIdentifier } from '../quoting.js';
import type { TableNode } from './table-node.js';

/**
 * How often a pattern variable repeats: `{min, max}` rows (`max` undefined: no upper bound).
 * Reluctant quantifiers match as few rows as they can (`*?`), greedy ones as many.
 */
export interface Quantifier {
  readonly min: number;
  readonly max: number | undefined;
  readonly reluctant: boolean;
}

/** One element of a PATTERN: a variable, repeated as its quantifier says (absent: exactly once). */
export interface PatternTerm {
  readonly variable: string;
  readonly quantifier?: Quantifier;
}

/**
 * Row pattern recognition over a table:
 * `t MATCH_RECOGNIZE (PARTITION BY k ORDER BY rowtime MEASURES ... ONE ROW PER MATCH
 * AFTER MATCH SKIP PAST LAST ROW PATTERN (a b* c) WITHIN INTERVAL '1' DAY DEFINE a AS ..., ...) AS alias`.
 * Always one row per match, and a row takes part in one match at most (SKIP PAST LAST ROW).
 */
export interface MatchRecognizeNode {
  readonly kind: 'MatchRecognizeNode';
  readonly table: TableNode;
  readonly partitionBy: readonly string[];
  /** The time attribute rows are matched in the order of, ascending. */
  readonly orderBy: string;
  /** Output columns by name, beside the partition columns. */
  readonly measures: readonly (readonly [name: string, value: ExpressionNode])[];
  readonly pattern: readonly PatternTerm[];
  /** How long a match may take from its first row to its last; partial matches older than this are dropped. */
  readonly within: IntervalNode;
  readonly define: readonly (readonly [variable: string, condition: ExpressionNode])[];
  readonly alias: string;
}

export function matchRecognizeNode(fields: Omit<MatchRecognizeNode, 'kind'>): MatchRecognizeNode {
  return Object.freeze({
    kind: 'MatchRecognizeNode',
    table: fields.table,
    partitionBy: Object.freeze([...fields.partitionBy]),
    orderBy: fields.orderBy,
    measures: Object.freeze(fields.measures.map(([name, value]) => Object.freeze([name, value] as const))),
    pattern: Object.freeze(fields.pattern.map((term) => Object.freeze({ ...term }))),
    within: fields.within,
    define: Object.freeze(fields.define.map(([variable, condition]) => Object.freeze([variable, condition] as const))),
    alias: fields.alias,
  });
}

/** `` `b`* ``, `` `b`{2,} ``, `` `b`+? ``: a variable and its quantifier in PATTERN syntax. */
export function patternTerm(term: PatternTerm): string {
  const { quantifier } = term;
  const variable = quoteIdentifier(term.variable);
  if (quantifier === undefined) return variable;
  const { min, max } = quantifier;
  const symbol =
    max === undefined
      ? min === 0 ? '*' : min === 1 ? '+' : `{${numberLiteral(min)},}`
      : min === 0 && max === 1 ? '?' : min === max ? `{${numberLiteral(min)}}` : `{${numberLiteral(min)},${numberLiteral(max)}}`;
  return variable + symbol + (quantifier.reluctant ? '?' : '');
}
