/**
 * The pattern job, one module per concern under `pattern/`: steps (quantifier builders), pattern-rows
 * (row types), sequence and flink-pattern-rules (checks of the sequence), measures, and the job factory.
 * This module keeps `dsl/pattern-job.js` importable for the code that already names it.
 */
export { oneOrMore, optional, repeat, zeroOrMore, type PatternStep, type Step } from './pattern/steps.js';
export type { MatchedRows, PatternRow } from './pattern/pattern-rows.js';
export { pattern, type PatternJob, type PatternSpec } from './pattern/pattern-job.js';
