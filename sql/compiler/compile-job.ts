import { createHash } from 'node:crypto';
import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import { createTableNode, type ColumnDefinition, type CreateTableNode } from '../ast/create-table-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { insertNode } from '../ast/insert-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { literalNode } from '../ast/literal-node.js';
import { scriptNode, type ScriptNode } from '../ast/script-node.js';
import { selectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { setOptionNode } from '../ast/set-option-node.js';
import { statementSetNode } from '../ast/statement-set-node.js';
import { tableNode } from '../ast/table-node.js';
import { windowTableNode } from '../ast/window-table-node.js';
import type { Job } from '../dsl/job.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN, type Source } from '../dsl/source.js';
import { printSql } from '../printer/sql-printer.js';
import type { CompileTarget } from './compile-target.js';
import type { JobIdentity } from './job-identity.js';

export interface CompiledJob {
  readonly identity: JobIdentity;
  readonly script: ScriptNode;
  /** The script as text, byte-identical for the same job and target. */
  readonly sql: string;
  readonly sourceTable: string;
  readonly sinkTable: string;
  /**
   * Hash of everything that shapes the job's state (its query: operators, keys, windows,
   * aggregates), but not of connector options. A changed hash means a savepoint of the old job may
   * not restore into the new one.
   */
  readonly stateHash: string;
}

/** The source table: declared columns, the event-time attribute with its watermark, processing time. */
function sourceTable(source: Source, target: CompileTarget, consumer: string): CreateTableNode {
  const columns: ColumnDefinition[] = Object.entries(source.declaredColumns).map(([name, type]) => ({ name, type: type.sql }));
  columns.push(
    { name: EVENT_TIME_COLUMN, computed: functionCallNode('TO_TIMESTAMP_LTZ', [columnNode(source.eventTimeSourceColumn), literalNode(3)]) },
    { name: PROCESSING_TIME_COLUMN, computed: functionCallNode('PROCTIME', []) },
  );
  const delay = source.watermarkDelay;
  return createTableNode({
    name: source.name,
    columns,
    watermark: {
      column: EVENT_TIME_COLUMN,
      expression: binaryOperationNode('-', columnNode(EVENT_TIME_COLUMN), intervalNode(delay.amount, delay.unit)),
    },
    options: target.sourceOptions(source.stream, consumer),
  });
}

function sinkTable(name: string, job: Job, target: CompileTarget): CreateTableNode {
  return createTableNode({
    name,
    columns: job.outputColumns.map(([column, type]) => ({ name: column, type: type.sql })),
    // The first key is the Kinesis partition key, so each key's rows stay in order on one shard.
    partitionedBy: job.keys.slice(0, 1),
    options: target.sinkOptions(job.sinkStream),
  });
}

/**
 * Compiles a windowed-aggregation job to a script:
 * `SET` options, the source and sink tables, and one `EXECUTE STATEMENT SET` with the INSERT.
 */
export function compileJob(job: Job, identity: JobIdentity, target: CompileTarget): CompiledJob {
  const sinkName = `${identity.sqlName}__sink`;
  const window = job.window;
  const timeColumn = window.time === 'event' ? EVENT_TIME_COLUMN : PROCESSING_TIME_COLUMN;
  const windowed = windowTableNode(
    window.function,
    tableNode(job.source.name),
    timeColumn,
    window.intervals,
    window.function === 'SESSION' ? job.keys : [],
  );
  const keys = job.keys.map((key) => columnNode(key));
  const query = selectNode({
    selections: [
      ...job.keys.map((key) => selectionNode(columnNode(key), key)),
      selectionNode(literalNode(identity.name), 'feature_set'),
      selectionNode(columnNode('window_start'), 'window_start'),
      selectionNode(columnNode('window_end'), 'window_end'),
      ...job.aggregations.map((aggregation, index) => selectionNode(aggregation.node, job.outputColumns[job.keys.length + 3 + index]?.[0] ?? '')),
    ],
    from: windowed,
    where: job.where?.node,
    groupBy: [...keys, columnNode('window_start'), columnNode('window_end')],
  });
  const insert = insertNode(sinkName, query);
  const script = scriptNode([
    setOptionNode('pipeline.name', identity.name),
    // Window bounds (TIMESTAMP) are wall-clock times in this zone: UTC everywhere, whatever the machine.
    setOptionNode('table.local-time-zone', 'UTC'),
    sourceTable(job.source, target, identity.sqlName),
    sinkTable(sinkName, job, target),
    statementSetNode([insert]),
  ]);
  return {
    identity,
    script,
    sql: printSql(script),
    sourceTable: job.source.name,
    sinkTable: sinkName,
    stateHash: createHash('sha256').update(printSql(insert)).digest('hex').slice(0, 16),
  };
}
