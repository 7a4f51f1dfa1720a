import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { joinNode } from '../ast/join-node.js';
import { literalNode } from '../ast/literal-node.js';
import { overNode, sortKey, type SortKey } from '../ast/over-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { STAR } from '../ast/star-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { unaryOperationNode } from '../ast/unary-operation-node.js';
import type { WindowedAggregationJob } from '../dsl/job.js';
import type { WindowTop } from '../dsl/window-top.js';

const RANK = 'rank';
const WINDOW_BOUNDS = ['window_start', 'window_end'] as const;

/**
 * A window Top-N over a window aggregation's rows. Flink 1.19 plans a window Top-N only with ROW_NUMBER() (RANK()
 * fails: "RANK() function is not supported on Window TopN currently"), so `ties: 'rank'` is built from ROW_NUMBER
 * too: a row's RANK is the row number of the first row of its tie (the rows equal to it on every order column), so
 * a row is kept exactly when its tie's first row is among the top n; joining the window's rows with those first
 * rows on the order columns keeps them and gives them their rank.
 */
export function windowTopQuery(job: WindowedAggregationJob, aggregated: SelectNode, top: WindowTop): SelectNode {
  return top.ties === 'rank' ? rankedWithTies(job, aggregated, top) : numbered(job, aggregated, top);
}

/**
 * Flink's Window Top-N pattern, right after a window aggregation:
 * `SELECT cols, rank FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY by DESC, then) AS rank FROM (agg)) WHERE rank <= n`.
 */
function numbered(job: WindowedAggregationJob, aggregated: SelectNode, top: WindowTop): SelectNode {
  return selectNode({
    selections: job.outputColumns.map(([name]) => selectionNode(columnNode(name), name)),
    from: subqueryNode(ranked(aggregated, top), 'ranked'),
    where: inTop(top),
  });
}

/** `SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ...) AS rank FROM (agg)`. */
function ranked(aggregated: SelectNode, top: WindowTop): SelectNode {
  const ranking = overNode(functionCallNode('ROW_NUMBER', []), WINDOW_BOUNDS.map((bound) => columnNode(bound)), sortKeys(top));
  return selectNode({ selections: [selectionNode(STAR, '*'), selectionNode(ranking, RANK)], from: subqueryNode(aggregated, 'aggregated') });
}

/** `rank <= n`, right above the ranking: what makes Flink plan a window Top-N. */
function inTop(top: WindowTop): ExpressionNode {
  return binaryOperationNode('<=', columnNode(RANK), literalNode(top.n));
}

function sortKeys(top: WindowTop): readonly [SortKey, ...SortKey[]] {
  const [first, ...rest] = top.orderBy;
  return [sortKey(columnNode(first.column), first.descending), ...rest.map((order) => sortKey(columnNode(order.column), order.descending))];
}

/**
 * Ties kept, each tie sharing the rank of its first row (Flink plans this as two window Top-Ns and a window join,
 * all emitted when the window closes):
 * ```
 * SELECT aggregated.cols, first_of_ties.rank FROM (agg) AS aggregated
 * JOIN (SELECT window bounds, order columns, rank FROM (
 *         SELECT ..., ROW_NUMBER() OVER (PARTITION BY window bounds, order columns ORDER BY rank) AS tie_row
 *         FROM (<agg, numbered>) WHERE rank <= n
 *       ) WHERE tie_row = 1) AS first_of_ties
 * ON same window AND equal order columns (NULL equal to NULL)
 * ```
 */
function rankedWithTies(job: WindowedAggregationJob, aggregated: SelectNode, top: WindowTop): SelectNode {
  const orderColumns = top.orderBy.map((order) => order.column);
  const tieRow = freshName('tie_row', [...WINDOW_BOUNDS, ...orderColumns, RANK]);
  const tieColumns = [...WINDOW_BOUNDS, ...orderColumns];
  const firstOfTie = overNode(
    functionCallNode('ROW_NUMBER', []),
    tieColumns.map((name) => columnNode(name)),
    [sortKey(columnNode(RANK))],
  );
  // The OVER of a SELECT sees the rows its WHERE keeps: the top n, numbered.
  const ties = selectNode({
    selections: [...tieColumns, RANK].map((name) => selectionNode(columnNode(name), name)).concat(selectionNode(firstOfTie, tieRow)),
    from: subqueryNode(ranked(aggregated, top), 'ranked'),
    where: inTop(top),
  });
  const firsts = selectNode({
    selections: [...tieColumns, RANK].map((name) => selectionNode(columnNode(name), name)),
    from: subqueryNode(ties, 'ties'),
    where: binaryOperationNode('=', columnNode(tieRow), literalNode(1)),
  });
  const nullable = new Set(job.outputColumns.filter(([, type]) => type.nullable).map(([name]) => name));
  const on = tieColumns
    .map((name): ExpressionNode => equal(name, nullable.has(name)))
    .reduce((all, condition) => binaryOperationNode('AND', all, condition));
  return selectNode({
    selections: job.outputColumns.map(([name]) => selectionNode(columnNode(name, name === RANK ? 'first_of_ties' : 'aggregated'), name)),
    from: joinNode('INNER', subqueryNode(aggregated, 'aggregated'), subqueryNode(firsts, 'first_of_ties'), on),
  });
}

/** `aggregated.c = first_of_ties.c`, or for a nullable column `(... = ... OR (... IS NULL AND ... IS NULL))`, which Flink reads as IS NOT DISTINCT FROM. */
function equal(name: string, nullable: boolean): ExpressionNode {
  const left = columnNode(name, 'aggregated');
  const right = columnNode(name, 'first_of_ties');
  const equals = binaryOperationNode('=', left, right);
  if (!nullable) return equals;
  return binaryOperationNode('OR', equals, binaryOperationNode('AND', unaryOperationNode('IS NULL', left), unaryOperationNode('IS NULL', right)));
}

/** `base`, or `base_1`, `base_2`, ... : a column name none of `taken` has. */
function freshName(base: string, taken: readonly string[]): string {
  let name = base;
  for (let suffix = 1; taken.includes(name); suffix += 1) name = `${base}_${String(suffix)}`;
  return name;
}
