import { JobDefinitionError } from '../../errors.js';
import type { Aggregation } from '../aggregates.js';
import type { Expr } from '../expression.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any expression, whatever its value type
type AnyExpr = Expr<any>;

/** One output column of a match: an expression over the matched rows, or an aggregate of them. */
export type Measure = AnyExpr | Aggregation;
export type Measures = Readonly<Record<string, Measure>>;

/** What Flink's MATCH_RECOGNIZE accepts of an aggregate in MEASURES. */
function checkMeasure(name: string, measure: Measure): void {
  if (measure.node.kind !== 'FunctionCallNode') return;
  if (measure.node.distinct) throw new JobDefinitionError(`measure '${name}': DISTINCT aggregates are not supported in MATCH_RECOGNIZE`);
  if (measure.node.filter !== undefined) throw new JobDefinitionError(`measure '${name}': filtered aggregates (.where) are not supported in MATCH_RECOGNIZE; define a variable for the rows instead`);
  if (measure.node.udf) throw new JobDefinitionError(`measure '${name}': ${measure.node.name} is not supported in MATCH_RECOGNIZE`);
}

/** A match that reports nothing would be an empty row; each measure must be one MATCH_RECOGNIZE accepts. */
export function checkMeasures(measures: readonly (readonly [string, Measure])[]): void {
  if (measures.length === 0) throw new JobDefinitionError('a pattern job needs at least one measure');
  measures.forEach(([name, measure]) => {
    checkMeasure(name, measure);
  });
}
