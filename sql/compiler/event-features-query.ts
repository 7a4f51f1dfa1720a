import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { castNode } from '../ast/cast-node.js';
import { columnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode, type FunctionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { overNode } from '../ast/over-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode } from '../ast/table-node.js';
import type { EventFeaturesJob } from '../dsl/event-features-job.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';
import type { TrailingFeature, TrailingWindow } from '../dsl/trailing.js';

function trailingExpression(feature: TrailingFeature, window: TrailingWindow, partitionBy: string): ExpressionNode {
  const over = (call: FunctionCallNode): ExpressionNode => overNode(call, [columnNode(partitionBy)], columnNode(window.time === 'event' ? EVENT_TIME_COLUMN : PROCESSING_TIME_COLUMN), { frame: window.frame });
  if (feature.kind === 'aggregation') {
    if (feature.node.kind !== 'FunctionCallNode') throw new Error(`aggregation ${feature.name} is not a function call`);
    return over(feature.node);
  }
  // (x - mean) / stddev; NULLIF turns a zero spread (one event, identical values) into NULL, not a division error.
  const value = castNode(feature.column.node, 'DOUBLE', 'CAST');
  const mean = over(functionCallNode('AVG', [value]));
  const spread = over(functionCallNode('STDDEV_POP', [value]));
  return binaryOperationNode('/', binaryOperationNode('-', value, mean), functionCallNode('NULLIF', [spread, literalNode(0)]));
}

/** `SELECT partition key, feature_set, selected columns, trailing features FROM source [WHERE]`. */
export function eventFeaturesQuery(job: EventFeaturesJob, jobName: string): SelectNode {
  const partitionBy = job.partitionKey[0] ?? '';
  const trailingNames = job.outputColumns.slice(2 + job.selections.length).map(([name]) => name);
  const { trailing } = job;
  const trailingSelections =
    trailing === undefined
      ? []
      : trailing.features.map((feature, index) => selectionNode(trailingExpression(feature, trailing.window, partitionBy), trailingNames[index] ?? feature.name));
  return selectNode({
    selections: [
      selectionNode(columnNode(partitionBy), partitionBy),
      selectionNode(literalNode(jobName), 'feature_set'),
      ...job.selections.map(([name, expression]) => selectionNode(expression.node, name)),
      ...trailingSelections,
    ],
    from: tableNode(job.source.name),
    where: job.where?.node,
  });
}
