import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { overNode } from '../ast/over-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { STAR } from '../ast/star-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { tableNode } from '../ast/table-node.js';
import type { DedupeJob } from '../dsl/dedupe-job.js';
import { PROCESSING_TIME_COLUMN } from '../dsl/source.js';

const ROW_NUMBER = 'row_num';

/**
 * Flink's deduplication pattern, which its planner turns into a Deduplicate operator:
 * `SELECT cols FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY proc_time) AS row_num FROM src) WHERE row_num = 1`.
 */
export function dedupeQuery(job: DedupeJob): SelectNode {
  const ranked = selectNode({
    selections: [
      selectionNode(STAR, '*'),
      selectionNode(
        overNode(functionCallNode('ROW_NUMBER', []), job.key.map((column) => columnNode(column)), columnNode(PROCESSING_TIME_COLUMN)),
        ROW_NUMBER,
      ),
    ],
    from: tableNode(job.source.name),
  });
  return selectNode({
    selections: job.outputColumns.map(([name]) => selectionNode(columnNode(name), name)),
    from: subqueryNode(ranked, 'ranked'),
    where: binaryOperationNode('=', columnNode(ROW_NUMBER), literalNode(1)),
  });
}
