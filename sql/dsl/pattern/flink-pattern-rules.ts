import { patternTerm, type PatternTerm, type Quantifier } from '../../ast/match-recognize-node.js';
import { JobDefinitionError } from '../../errors.js';

/** One of Flink's rules: the message for the first term of the sequence that breaks it, or undefined. */
type FlinkPatternRule = (terms: readonly PatternTerm[]) => string | undefined;

function isOptional(quantifier: Quantifier | undefined): quantifier is Quantifier {
  return quantifier?.min === 0 && quantifier.max === 1;
}

/** Flink matches `?` and `{n}` without a greedy flag; any other quantifier is greedy unless reluctant. */
function isGreedy(quantifier: Quantifier): boolean {
  const exact = quantifier.min === quantifier.max;
  return !quantifier.reluctant && !isOptional(quantifier) && !exact;
}

/**
 * Only the first rule a sequence breaks is reported, so this order decides which message a sequence
 * breaking several of them gets; a new rule goes at the end to leave the others' messages as they are.
 */
const FLINK_PATTERN_RULES: readonly FlinkPatternRule[] = [
  (terms) => {
    const term = terms.find(({ quantifier }) => quantifier?.reluctant === true && isOptional(quantifier));
    return term === undefined ? undefined : `sequence: ${patternTerm(term)} is a reluctant optional variable, which Flink does not support; drop { reluctant: true }`;
  },
  (terms) =>
    terms.every((term) => term.quantifier !== undefined && term.quantifier.min === 0)
      ? 'sequence: every variable may match no row, so a match could be empty, which Flink does not allow; make one match at least one row'
      : undefined,
  (terms) => {
    for (const [index, term] of terms.entries()) {
      const before = terms[index - 1];
      if (before?.quantifier !== undefined && isGreedy(before.quantifier) && isOptional(term.quantifier)) {
        return `sequence: ${patternTerm(term)} follows ${patternTerm(before)}, and Flink cannot put an optional variable after a greedy one; make ${patternTerm(before)} reluctant or reorder`;
      }
    }
    return undefined;
  },
  (terms) => {
    const last = terms.at(-1);
    return last?.quantifier !== undefined && isGreedy(last.quantifier)
      ? `sequence: it ends with ${patternTerm(last)}, a greedy quantifier; Flink cannot end a pattern greedily: end with a variable matching one row, or make the last one reluctant`
      : undefined;
  },
];

/**
 * Flink's own MATCH_RECOGNIZE rules (its translation of the pattern), checked here so compile-jobs
 * names the variable. One pass over the rules; throws the first one the sequence breaks.
 */
export function checkFlinkPatternRules(terms: readonly PatternTerm[]): void {
  for (const rule of FLINK_PATTERN_RULES) {
    const violation = rule(terms);
    if (violation !== undefined) throw new JobDefinitionError(violation);
  }
}
