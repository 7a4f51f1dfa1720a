import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { overNode, sortKey } from '../ast/over-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { STAR } from '../ast/star-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { tableNode } from '../ast/table-node.js';
import type { KeyedTable } from '../dsl/keyed-table.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';

const ROW_NUMBER = 'row_num';

export interface RowPerKey {
  readonly table: string;
  readonly key: readonly string[];
  /** `first`: the first row to arrive (processing time); `latest`: the newest by event time. */
  readonly keep: 'first' | 'latest';
  readonly columns: readonly string[];
  readonly where?: ExpressionNode | undefined;
}

/**
 * Flink's deduplication pattern, which its planner turns into a Deduplicate operator:
 * `SELECT cols FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY time) AS row_num FROM t [WHERE ...]) WHERE row_num = 1`.
 * Keeping the first by processing time is append-only; the latest by event time is a versioned
 * table (Flink infers the key as its primary key), which temporal joins read.
 */
export function rowPerKeyQuery(spec: RowPerKey): SelectNode {
  const latest = spec.keep === 'latest';
  const ranking = overNode(
    functionCallNode('ROW_NUMBER', []),
    spec.key.map((column) => columnNode(column)),
    [sortKey(columnNode(latest ? EVENT_TIME_COLUMN : PROCESSING_TIME_COLUMN), latest)],
  );
  const ranked = selectNode({ selections: [selectionNode(STAR, '*'), selectionNode(ranking, ROW_NUMBER)], from: tableNode(spec.table), where: spec.where });
  return selectNode({
    selections: spec.columns.map((name) => selectionNode(columnNode(name), name)),
    from: subqueryNode(ranked, 'ranked'),
    where: binaryOperationNode('=', columnNode(ROW_NUMBER), literalNode(1)),
  });
}

/** The view of a `firstRowPer` / `latestRowPer` table: the source's columns, one row per key. */
export function keyedTableQuery(table: KeyedTable): SelectNode {
  return rowPerKeyQuery({ table: table.from.name, key: [table.key], keep: table.keep, columns: Object.keys(table.columns), where: table.where?.node });
}
