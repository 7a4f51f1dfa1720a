import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { castNode } from '../ast/cast-node.js';
import { columnNode } from '../ast/column-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { joinNode } from '../ast/join-node.js';
import { literalNode } from '../ast/literal-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode } from '../ast/table-node.js';
import type { IntervalJoinJob } from '../dsl/interval-join-job.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN } from '../dsl/source.js';
import type { ParsedDuration } from '../schema/duration.js';

const shifted = (time: ExpressionNode, operator: '+' | '-', by: ParsedDuration): ExpressionNode => binaryOperationNode(operator, time, intervalNode(by.amount, by.unit));

/**
 * Both sides' time columns stay time attributes through an interval join, and Flink refuses to write
 * more than one into a sink: a selected time column is cast to a plain value of its type.
 */
function withoutTimeAttribute(node: ExpressionNode, type: string): ExpressionNode {
  const isTimeColumn = node.kind === 'ColumnNode' && (node.column === EVENT_TIME_COLUMN || node.column === PROCESSING_TIME_COLUMN);
  return isTimeColumn ? castNode(node, type, 'CAST') : node;
}

/**
 * `SELECT ... FROM src AS l JOIN src AS r ON l.key = r.key AND r.t >= l.t [- before] AND r.t <= l.t + after
 * [WHERE side filters]`: the time bounds are what make Flink plan an interval join (bounded state,
 * append-only output) rather than a regular join.
 */
export function intervalJoinQuery(job: IntervalJoinJob, jobName: string): SelectNode {
  const { left, right } = job;
  const leftTime = columnNode(EVENT_TIME_COLUMN, left.alias);
  const rightTime = columnNode(EVENT_TIME_COLUMN, right.alias);
  const on = [
    binaryOperationNode('=', columnNode(job.key[0], left.alias), columnNode(job.key[1], right.alias)),
    binaryOperationNode('>=', rightTime, job.before === undefined ? leftTime : shifted(leftTime, '-', job.before)),
    binaryOperationNode('<=', rightTime, shifted(leftTime, '+', job.after)),
  ].reduce((all, next) => binaryOperationNode('AND', all, next));
  const filters = [left.where, right.where].flatMap((where) => (where === undefined ? [] : [where.node]));
  const partitionBy = job.partitionKey[0];
  const selected = (keep: (name: string) => boolean) =>
    job.selections.filter(([name]) => keep(name)).map(([name, expression]) => selectionNode(withoutTimeAttribute(expression.node, expression.type.sql), name));
  return selectNode({
    // The output's column order: partition key, feature set, the rest as selected.
    selections: [...selected((name) => name === partitionBy), selectionNode(literalNode(jobName), 'feature_set'), ...selected((name) => name !== partitionBy)],
    from: joinNode('INNER', tableNode(job.source.name, left.alias), tableNode(job.source.name, right.alias), on),
    where: filters.length === 0 ? undefined : filters.reduce((all, next) => binaryOperationNode('AND', all, next)),
  });
}
