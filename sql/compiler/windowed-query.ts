import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { overNode } from '../ast/over-node.js';
import { STAR } from '../ast/star-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { literalNode } from '../ast/literal-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode } from '../ast/table-node.js';
import { windowTableNode } from '../ast/window-table-node.js';
import type { WindowedAggregationJob } from '../dsl/job.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';

/**
 * `SELECT keys, feature_set, window bounds, aggregates FROM TABLE(<window>(...)) [WHERE] GROUP BY
 * keys, window_start, window_end`. SESSION windows are partitioned by the keys.
 */
export function windowedQuery(job: WindowedAggregationJob, jobName: string): SelectNode {
  const aggregated = aggregationQuery(job, jobName);
  return job.top === undefined ? aggregated : topQuery(job, aggregated, job.top);
}

/**
 * Flink's Window Top-N pattern, right after a window aggregation:
 * `SELECT cols, rank FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY by DESC) AS rank FROM (agg)) WHERE rank <= n`.
 */
function topQuery(job: WindowedAggregationJob, aggregated: SelectNode, top: NonNullable<WindowedAggregationJob['top']>): SelectNode {
  const ranking = overNode(functionCallNode('ROW_NUMBER', []), [columnNode('window_start'), columnNode('window_end')], columnNode(top.by), {
    descending: top.descending,
  });
  const ranked = selectNode({ selections: [selectionNode(STAR, '*'), selectionNode(ranking, 'rank')], from: subqueryNode(aggregated, 'aggregated') });
  return selectNode({
    selections: job.outputColumns.map(([name]) => selectionNode(columnNode(name), name)),
    from: subqueryNode(ranked, 'ranked'),
    where: binaryOperationNode('<=', columnNode('rank'), literalNode(top.n)),
  });
}

function aggregationQuery(job: WindowedAggregationJob, jobName: string): SelectNode {
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
    ],
    from: windowed,
    where: job.where?.node,
    groupBy: [...job.keys.map((key) => columnNode(key)), columnNode('window_start'), columnNode('window_end')],
  });
}
