import { columnNode } from '../ast/column-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { literalNode } from '../ast/literal-node.js';
import { matchRecognizeNode } from '../ast/match-recognize-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode } from '../ast/table-node.js';
import type { PatternJob } from '../dsl/pattern-job.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';

/**
 * `SELECT key, feature_set, measures FROM src MATCH_RECOGNIZE (PARTITION BY key ORDER BY time
 * MEASURES ... PATTERN (...) WITHIN ... DEFINE ...) AS matched`: the match yields the partition
 * column and the measures; the outer SELECT adds the feature set.
 */
export function patternQuery(job: PatternJob, jobName: string): SelectNode {
  const matched = matchRecognizeNode({
    table: tableNode(job.source.name),
    partitionBy: [job.partitionBy],
    orderBy: job.time === 'event' ? EVENT_TIME_COLUMN : PROCESSING_TIME_COLUMN,
    measures: job.measures.map(([name, measure]) => [name, measure.node] as const),
    pattern: job.sequence,
    within: intervalNode(job.within.amount, job.within.unit),
    define: job.define.map(([variable, condition]) => [variable, condition.node] as const),
    alias: 'matched',
  });
  return selectNode({
    selections: [
      selectionNode(columnNode(job.partitionBy), job.partitionBy),
      selectionNode(literalNode(jobName), 'feature_set'),
      ...job.measures.map(([name]) => selectionNode(columnNode(name), name)),
    ],
    from: matched,
  });
}
