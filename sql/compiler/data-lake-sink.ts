import { columnNode } from '../ast/column-node.js';
import { createTableNode, type CreateTableNode } from '../ast/create-table-node.js';
import { createViewNode, type CreateViewNode } from '../ast/create-view-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { insertNode, type InsertNode } from '../ast/insert-node.js';
import { literalNode } from '../ast/literal-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { tableNode } from '../ast/table-node.js';
import type { QueryNode } from '../ast/union-node.js';
import { PARTITION_COLUMNS, type DataLakeCopy } from '../dsl/data-lake.js';
import type { Job } from '../dsl/job-kinds.js';
import type { CompileTarget } from './compile-target.js';
import { viewable } from './view-safety.js';

/** The statements a data-lake copy adds: the job's rows as a view, the Parquet table, and an INSERT into each sink. */
export interface DataLakeStatements {
  /** Absent when Flink could not read the rows back from a view (view-safety.ts): each INSERT then holds the query. */
  readonly rowsView?: CreateViewNode;
  readonly table: CreateTableNode;
  readonly inserts: readonly [InsertNode, InsertNode];
  /** The folder URI the table writes under, for the manifest. */
  readonly path: string;
}

/** Folder names per row, `dt` = `yyyy-MM-dd` (and `hr` = `HH`) of the partition column, UTC (the job's zone). */
function partitionValues(copy: DataLakeCopy): (readonly [string, ExpressionNode])[] {
  if (copy.partitionBy === undefined) return [];
  const time = columnNode(copy.partitionBy.column);
  const formatted = (pattern: string) => functionCallNode('DATE_FORMAT', [time, literalNode(pattern)]);
  const day = [PARTITION_COLUMNS.day, formatted('yyyy-MM-dd')] as const;
  return copy.partitionBy.every === 'day' ? [day] : [day, [PARTITION_COLUMNS.hour, formatted('HH')]];
}

/**
 * Both sinks read one view of the job's rows, `INSERT INTO sink SELECT ... FROM rows` and `INSERT INTO
 * lake SELECT ..., DATE_FORMAT(...) AS dt FROM rows`: one statement set, so Flink plans them together
 * and computes the rows once (its planner reuses the common sub-plan). A query Flink cannot keep as a view
 * (a SESSION window over several keys) is written out in both INSERTs, `FROM (<query>) AS rows`, and the
 * planner still computes it once, for the same reason.
 */
export function dataLakeStatements(job: Job, copy: DataLakeCopy, names: { readonly rows: string; readonly sink: string; readonly lake: string }, query: QueryNode, target: CompileTarget): DataLakeStatements {
  const columns = job.outputColumns.map(([name]) => selectionNode(columnNode(name), name));
  const partitions = partitionValues(copy);
  const asView = viewable(query);
  const rows = asView ? tableNode(names.rows) : subqueryNode(query, 'rows');
  const fromRows = (extra: SelectNode['selections']): SelectNode => selectNode({ selections: [...columns, ...extra], from: rows });
  const partitionSelections = partitions.map(([name, value]) => selectionNode(value, name));
  return {
    ...(asView ? { rowsView: createViewNode(names.rows, query) } : {}),
    table: createTableNode({
      name: names.lake,
      columns: [...job.outputColumns.map(([name, type]) => ({ name, type: type.sql })), ...partitions.map(([name]) => ({ name, type: 'STRING' }))],
      ...(partitions.length === 0 ? {} : { partitionedBy: partitions.map(([name]) => name) }),
      options: target.dataLakeOptions(copy),
    }),
    inserts: [insertNode(names.sink, fromRows([])), insertNode(names.lake, fromRows(partitionSelections))],
    path: target.dataLakeFolder(copy),
  };
}
