import type { PatternTerm } from '../../ast/match-recognize-node.js';
import { referencedTables } from '../../ast/expression-walk.js';
import { JobDefinitionError } from '../../errors.js';
import type { Expr } from '../expression.js';
import { checkFlinkPatternRules } from './flink-pattern-rules.js';
import { stepTerm, type Step } from './steps.js';

/** What `define` gives each variable: whether a row matches it. */
export type Condition = Expr<boolean | null, 'boolean'>;

/** The sequence as terms, checked against the defined variables and Flink's pattern rules. */
export function sequenceTerms(sequence: readonly Step<string>[], defined: readonly string[]): PatternTerm[] {
  if (sequence.length === 0) throw new JobDefinitionError('a pattern needs a sequence of at least one variable');
  const terms = sequence.map(stepTerm);
  const seen = new Set<string>();
  for (const { variable } of terms) {
    if (!defined.includes(variable)) throw new JobDefinitionError(`sequence: '${variable}' has no condition in define (defined: ${defined.join(', ')})`);
    if (seen.has(variable)) throw new JobDefinitionError(`sequence: '${variable}' appears twice; define a second variable with its own name`);
    seen.add(variable);
  }
  const unused = defined.filter((variable) => !seen.has(variable));
  if (unused.length > 0) throw new JobDefinitionError(`define: ${unused.map((variable) => `'${variable}'`).join(', ')} not in the sequence`);
  checkFlinkPatternRules(terms);
  return terms;
}

/** A condition may read the row it tests and rows matched before it, never a later variable's. */
export function checkConditionOrder(variable: string, condition: Condition, order: readonly string[]): void {
  const position = order.indexOf(variable);
  for (const table of referencedTables(condition.node)) {
    if (order.indexOf(table) > position) {
      throw new JobDefinitionError(`define '${variable}': the condition reads '${table}', which comes later in the sequence and has no rows yet`);
    }
  }
}
