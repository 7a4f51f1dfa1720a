import { castNode } from '../ast/cast-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { literalNode } from '../ast/literal-node.js';
import { selectionNode, type SelectionNode } from '../ast/selection-node.js';
import type { AnyExpr } from '../dsl/join-output.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';

/**
 * Both sides' time columns stay time attributes through a join, and Flink refuses to write more
 * than one into a sink: a selected time column is cast to a plain value of its type.
 */
function withoutTimeAttribute(node: ExpressionNode, type: string): ExpressionNode {
  const isTimeColumn = node.kind === 'ColumnNode' && (node.column === EVENT_TIME_COLUMN || node.column === PROCESSING_TIME_COLUMN);
  return isTimeColumn ? castNode(node, type, 'CAST') : node;
}

/** A join's SELECT list in the output's column order: partition key, `feature_set`, the rest as selected. */
export function joinSelections(selections: readonly (readonly [string, AnyExpr])[], partitionBy: string, jobName: string): SelectionNode[] {
  const selected = (keep: (name: string) => boolean) =>
    selections.filter(([name]) => keep(name)).map(([name, expression]) => selectionNode(withoutTimeAttribute(expression.node, expression.type.sql), name));
  return [...selected((name) => name === partitionBy), selectionNode(literalNode(jobName), 'feature_set'), ...selected((name) => name !== partitionBy)];
}
