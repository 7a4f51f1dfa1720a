import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { literalNode } from '../ast/literal-node.js';
import { overNode, sortKey } from '../ast/over-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { STAR } from '../ast/star-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { tableNode } from '../ast/table-node.js';
import { windowTableNode } from '../ast/window-table-node.js';
import type { DedupeJob } from '../dsl/dedupe-job.js';
import { EVENT_TIME_COLUMN } from '../dsl/source.js';
import type { ParsedDuration } from '../schema/duration.js';
import { rowPerKeyQuery } from './row-per-key-query.js';

const ROW_NUMBER = 'row_num';

/**
 * The kept copy per key: the first to arrive (`rowPerKeyQuery`), or the earliest by event time within
 * a tumbling window (Flink's window deduplication, append-only, emitted at the window's end). Then the
 * job's columns: the source's declared ones, or what `select` computes from the kept copy.
 */
export function dedupeQuery(job: DedupeJob): SelectNode {
  const columns = job.selections === undefined ? job.outputColumns.map(([name]) => name) : undefined;
  const kept = job.within === undefined ? rowPerKeyQuery({ table: job.source.name, key: job.key, keep: 'first', columns: columns ?? Object.keys(job.source.columns) }) : earliestInWindow(job, job.within, columns);
  if (job.selections === undefined) return kept;
  return selectNode({ selections: job.selections.map(([name, value]) => selectionNode(value.node, name)), from: subqueryNode(kept, 'kept') });
}

/**
 * `SELECT cols FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, key ORDER BY event_time) AS row_num
 * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(event_time), INTERVAL ...))) WHERE row_num = 1`: Flink plans it as a
 * WindowDeduplicate, which keeps one row per key and window and frees the window's state when it fires.
 */
function earliestInWindow(job: DedupeJob, within: ParsedDuration, columns: readonly string[] | undefined): SelectNode {
  const ranking = overNode(
    functionCallNode('ROW_NUMBER', []),
    ['window_start', 'window_end', ...job.key].map((column) => columnNode(column)),
    [sortKey(columnNode(EVENT_TIME_COLUMN))],
  );
  const windowed = windowTableNode('TUMBLE', tableNode(job.source.name), EVENT_TIME_COLUMN, [intervalNode(within.amount, within.unit)]);
  const ranked = selectNode({ selections: [selectionNode(STAR, '*'), selectionNode(ranking, ROW_NUMBER)], from: windowed });
  return selectNode({
    selections: (columns ?? [...Object.keys(job.source.columns), 'window_start', 'window_end']).map((name) => selectionNode(columnNode(name), name)),
    from: subqueryNode(ranked, 'ranked'),
    where: binaryOperationNode('=', columnNode(ROW_NUMBER), literalNode(1)),
  });
}
