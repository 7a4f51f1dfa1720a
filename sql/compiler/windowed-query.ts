import { columnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import type { FunctionCallNode } from '../ast/function-call-node.js';
import { overNode, sortKey } from '../ast/over-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { literalNode } from '../ast/literal-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode } from '../ast/table-node.js';
import { windowTableNode } from '../ast/window-table-node.js';
import type { WindowedAggregationJob } from '../dsl/job.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';
import { trailingExpression } from './trailing-expression.js';
import { windowTopQuery } from './window-top-query.js';

/**
 * `SELECT keys, feature_set, window bounds, aggregates FROM TABLE(<window>(...)) [WHERE] GROUP BY
 * keys, window_start, window_end`. SESSION windows are partitioned by the keys.
 */
export function windowedQuery(job: WindowedAggregationJob, jobName: string): SelectNode {
  if (job.trailing !== undefined) return trailingQuery(job, aggregationQuery(job, jobName, true), job.trailing);
  const aggregated = aggregationQuery(job, jobName, false);
  return job.top === undefined ? aggregated : windowTopQuery(job, aggregated, job.top);
}

/** The window's own time attribute, which Flink keeps through a window aggregation when it is selected. */
const WINDOW_TIME = 'window_time';

/**
 * Trailing features over the window rows of each key, a cascade Flink plans as an OVER aggregation on
 * the aggregation's output: `SELECT cols, <features> OVER (PARTITION BY keys ORDER BY window_time RANGE ...) FROM (agg)`.
 */
function trailingQuery(job: WindowedAggregationJob, aggregated: SelectNode, trailing: NonNullable<WindowedAggregationJob['trailing']>): SelectNode {
  const over = (call: FunctionCallNode): ExpressionNode =>
    overNode(
      call,
      job.keys.map((key) => columnNode(key)),
      [sortKey(columnNode(WINDOW_TIME))],
      { frame: trailing.window.frame },
    );
  const windowColumns = job.outputColumns.slice(0, job.outputColumns.length - trailing.features.length);
  const featureNames = job.outputColumns.slice(windowColumns.length).map(([name]) => name);
  return selectNode({
    selections: [
      ...windowColumns.map(([name]) => selectionNode(columnNode(name), name)),
      ...trailing.features.map((feature, index) => selectionNode(trailingExpression(feature, over), featureNames[index] ?? feature.name)),
    ],
    from: subqueryNode(aggregated, 'windowed'),
  });
}

function aggregationQuery(job: WindowedAggregationJob, jobName: string, withWindowTime: boolean): SelectNode {
  const { window } = job;
  const windowed = windowTableNode(
    window.function,
    tableNode(job.source.name),
    window.time === 'event' ? EVENT_TIME_COLUMN : PROCESSING_TIME_COLUMN,
    window.intervals,
    window.function === 'SESSION' ? job.keys : [],
  );
  const featureNames = job.outputColumns.slice(job.keys.length + 3, job.keys.length + 3 + job.aggregations.length).map(([name]) => name);
  return selectNode({
    selections: [
      ...job.keys.map((key) => selectionNode(columnNode(key), key)),
      selectionNode(literalNode(jobName), 'feature_set'),
      selectionNode(columnNode('window_start'), 'window_start'),
      selectionNode(columnNode('window_end'), 'window_end'),
      ...job.aggregations.map((aggregation, index) => selectionNode(aggregation.node, featureNames[index] ?? aggregation.name)),
      ...(withWindowTime ? [selectionNode(columnNode(WINDOW_TIME), WINDOW_TIME)] : []),
    ],
    from: windowed,
    where: job.where?.node,
    groupBy: [...job.keys.map((key) => columnNode(key)), columnNode('window_start'), columnNode('window_end'), ...(withWindowTime ? [columnNode(WINDOW_TIME)] : [])],
  });
}
