import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { joinNode, type JoinNode } from '../ast/join-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { tableNode } from '../ast/table-node.js';
import { temporalTableNode } from '../ast/temporal-table-node.js';
import type { IntervalJoinJob, JoinJob } from '../dsl/join/join-node.js';
import type { ParsedDuration } from '../schema/duration.js';
import { EVENT_TIME_COLUMN } from '../dsl/source.js';
import { joinSelections } from './join-selections.js';

/**
 * A join of two tables on equal keys, `SELECT ... FROM l AS a JOIN r AS b ON a.key = b.key [WHERE side filters]`:
 * - regular: bounded by the state TTL (a `SET` of the script);
 * - temporal: `... LEFT JOIN versions FOR SYSTEM_TIME AS OF a.event_time AS b ON ...`;
 * - interval: the ON condition also bounds the right row's event time around the left row's.
 */
export function joinQuery(job: JoinJob, jobName: string): SelectNode {
  const { left, right } = job;
  const keysEqual = binaryOperationNode('=', columnNode(job.key[0], left.alias), columnNode(job.key[1], right.alias));
  const leftTable = tableNode(left.table.name, left.alias);
  let from: JoinNode;
  switch (job.jobType) {
    case 'join':
      from = joinNode('INNER', leftTable, tableNode(right.table.name, right.alias), keysEqual);
      break;
    case 'temporal-join':
      from = joinNode('LEFT', leftTable, temporalTableNode(right.table.name, columnNode(EVENT_TIME_COLUMN, left.alias), right.alias), keysEqual);
      break;
    case 'interval-join':
      from = joinNode('INNER', leftTable, tableNode(right.table.name, right.alias), conjunction([keysEqual, ...intervalBounds(job)]));
      break;
  }
  const filters = [left.where, right.where].flatMap((where) => (where === undefined ? [] : [where.node]));
  // Flink 1.19's per-input TTL (FLIP-373): the job's TTL is the longest side's, the hint shortens the other.
  const sideTtls = job.jobType === 'join' ? job.sideTtls : undefined;
  return selectNode({
    ...(sideTtls === undefined
      ? {}
      : {
          hints: [
            {
              name: 'STATE_TTL',
              options: [
                [left.alias, `${String(sideTtls[0].millis)} ms`],
                [right.alias, `${String(sideTtls[1].millis)} ms`],
              ],
            },
          ],
        }),
    selections: joinSelections(job.selections, job.partitionKey[0], jobName),
    from,
    where: filters.length === 0 ? undefined : conjunction(filters),
  });
}

function conjunction(conditions: readonly ExpressionNode[]): ExpressionNode {
  return conditions.reduce((all, next) => binaryOperationNode('AND', all, next));
}

const shifted = (time: ExpressionNode, operator: '+' | '-', by: ParsedDuration): ExpressionNode => binaryOperationNode(operator, time, intervalNode(by.amount, by.unit));

/**
 * `r.t >= l.t [- before] AND r.t <= l.t + after`: the time bounds are what make Flink plan an interval
 * join (bounded state, append-only output) rather than a regular join.
 */
function intervalBounds(job: IntervalJoinJob): ExpressionNode[] {
  const leftTime = columnNode(EVENT_TIME_COLUMN, job.left.alias);
  const rightTime = columnNode(EVENT_TIME_COLUMN, job.right.alias);
  return [
    binaryOperationNode('>=', rightTime, job.before === undefined ? leftTime : shifted(leftTime, '-', job.before)),
    binaryOperationNode('<=', rightTime, shifted(leftTime, '+', job.after)),
  ];
}
