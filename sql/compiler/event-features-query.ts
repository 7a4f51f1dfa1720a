import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { castNode } from '../ast/cast-node.js';
import { columnNode, type ColumnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode, type FunctionCallNode } from '../ast/function-call-node.js';
import { joinNode, type JoinNode } from '../ast/join-node.js';
import { literalNode } from '../ast/literal-node.js';
import { overNode, sortKey, type OverFrame } from '../ast/over-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode, type TableNode } from '../ast/table-node.js';
import { temporalTableNode } from '../ast/temporal-table-node.js';
import type { EventFeaturesJob } from '../dsl/event-features-job.js';
import { RCF_FUNCTION, type RandomCutForest } from '../dsl/random-cut-forest.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';
import { trailingExpression } from './trailing-expression.js';
import type { WindowTime } from '../dsl/windows.js';

/** How this job's columns are referred to: by bare name, or qualified by the source name when it joins lookups. */
interface Columns {
  readonly source: (name: string) => ColumnNode;
  readonly over: (call: FunctionCallNode, time: WindowTime, frame: OverFrame) => ExpressionNode;
}

function columnsOf(job: EventFeaturesJob): Columns {
  const qualifier = job.lookups.length > 0 ? job.source.name : undefined;
  const source = (name: string): ColumnNode => columnNode(name, qualifier);
  const partitionBy = job.partitionKey.map(source);
  return {
    source,
    over: (call, time, frame) => overNode(call, partitionBy, [sortKey(source(time === 'event' ? EVENT_TIME_COLUMN : PROCESSING_TIME_COLUMN))], { frame }),
  };
}

/** RCF_SCORE over the entity's whole history: its forest is the OVER aggregate's keyed state. */
function anomalyScoreExpression(score: RandomCutForest, columns: Columns): ExpressionNode {
  const { trees, sampleSize, timeDecay, shingleSize, warmUp } = score.parameters;
  const parameters = [literalNode(trees), literalNode(sampleSize), castNode(literalNode(timeDecay), 'DOUBLE', 'CAST'), literalNode(shingleSize), literalNode(warmUp)];
  const call = functionCallNode(RCF_FUNCTION.name, [...parameters, ...score.features.map((feature) => castNode(feature.node, 'DOUBLE', 'CAST'))], { udf: true });
  return columns.over(call, score.time, { unit: 'ROWS', preceding: 'UNBOUNDED' });
}

/** `source LEFT JOIN table FOR SYSTEM_TIME AS OF source.proc_time AS alias ON alias.key = value ...`. */
function fromClause(job: EventFeaturesJob, columns: Columns): TableNode | JoinNode {
  let from: TableNode | JoinNode = tableNode(job.source.name);
  for (const [alias, lookup] of job.lookups) {
    const table = temporalTableNode(lookup.table.name, columns.source(PROCESSING_TIME_COLUMN), alias);
    from = joinNode('LEFT', from, table, binaryOperationNode('=', columnNode(lookup.table.key, alias), lookup.value.node));
  }
  return from;
}

/** `SELECT partition key, feature_set, selected columns, trailing features FROM source [lookups] [WHERE]`. */
export function eventFeaturesQuery(job: EventFeaturesJob, jobName: string): SelectNode {
  const columns = columnsOf(job);
  const partitionBy = job.partitionKey[0] ?? '';
  const trailingNames = job.outputColumns.slice(2 + job.selections.length).map(([name]) => name);
  const { trailing, anomalyScore } = job;
  const trailingSelections =
    trailing === undefined
      ? []
      : trailing.features.map((feature, index) =>
          selectionNode(
            trailingExpression(feature, (call) => columns.over(call, trailing.window.time, trailing.window.frame)),
            trailingNames[index] ?? feature.name,
          ),
        );
  return selectNode({
    selections: [
      selectionNode(columns.source(partitionBy), partitionBy),
      selectionNode(literalNode(jobName), 'feature_set'),
      ...job.selections.map(([name, expression]) => selectionNode(expression.node, name)),
      ...trailingSelections,
      ...(anomalyScore === undefined ? [] : [selectionNode(anomalyScoreExpression(anomalyScore, columns), anomalyScore.name)]),
    ],
    from: fromClause(job, columns),
    where: job.where?.node,
  });
}
