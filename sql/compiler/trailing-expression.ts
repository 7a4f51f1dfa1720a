import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { caseNode } from '../ast/case-node.js';
import { castNode } from '../ast/cast-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode, type FunctionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import type { TrailingFeature } from '../dsl/trailing.js';

/** Below this fraction of the mean, a standard deviation is rounding residue: see trailingExpression. */
export const MIN_RELATIVE_SPREAD = 0.000001;

/**
 * A trailing feature as an expression over `over(...)`, which wraps an aggregate call in the job's
 * OVER window: the aggregate itself, or a z-score built from AVG and STDDEV_POP.
 */
export function trailingExpression(feature: TrailingFeature, over: (call: FunctionCallNode) => ExpressionNode): ExpressionNode {
  if (feature.kind === 'aggregation') {
    if (feature.node.kind !== 'FunctionCallNode') throw new Error(`aggregation ${feature.name} is not a function call`);
    return over(feature.node);
  }
  // (x - mean) / stddev, NULL without a spread (one event, identical values). Flink's planner computes
  // STDDEV_POP as SQRT((SUM(x*x) - SUM(x)*SUM(x)/n) / n) over running sums, so identical values leave
  // a rounding residue, not 0, and a residue below 0 makes the root NaN. A spread under a millionth
  // of the mean is therefore no spread; NaN fails the comparison too.
  const value = castNode(feature.column.node, 'DOUBLE', 'CAST');
  const mean = over(functionCallNode('AVG', [value]));
  const spread = over(functionCallNode('STDDEV_POP', [value]));
  const hasSpread = binaryOperationNode('>', spread, binaryOperationNode('*', literalNode(MIN_RELATIVE_SPREAD), functionCallNode('ABS', [mean])));
  return caseNode([{ when: hasSpread, then: binaryOperationNode('/', binaryOperationNode('-', value, mean), spread) }]);
}
