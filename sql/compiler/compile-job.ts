import { createHash } from 'node:crypto';
import { binaryOperationNode } from '../ast/binary-operation-node.js';
import { columnNode } from '../ast/column-node.js';
import { createFunctionNode } from '../ast/create-function-node.js';
import { createTableNode, type ColumnDefinition, type CreateTableNode } from '../ast/create-table-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import { insertNode } from '../ast/insert-node.js';
import { intervalNode } from '../ast/interval-node.js';
import { literalNode } from '../ast/literal-node.js';
import { scriptNode, type ScriptNode } from '../ast/script-node.js';
import { setOptionNode } from '../ast/set-option-node.js';
import { statementSetNode } from '../ast/statement-set-node.js';
import type { Job } from '../dsl/job-kinds.js';
import { selectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { dedupeQuery } from './dedupe-query.js';
import { eventFeaturesQuery } from './event-features-query.js';
import { patternQuery } from './pattern-query.js';
import { windowedQuery } from './windowed-query.js';
import { joinQuery } from './join-query.js';
import { unionQuery } from './union-query.js';
import type { QueryNode } from '../ast/union-node.js';
import { jobInputs } from './job-inputs.js';
import { declaredStateTtl } from '../dsl/state-ttl.js';
import { keyedTableQuery } from './row-per-key-query.js';
import { createViewNode } from '../ast/create-view-node.js';
import { dataLakeStatements } from './data-lake-sink.js';
import { jobResources, type JobResource } from './job-resources.js';
import { EVENT_TIME_COLUMN, PROCESSING_TIME_COLUMN, type Source } from '../dsl/source.js';
import { printSql } from '../printer/sql-printer.js';
import { RCF_FUNCTION } from '../dsl/random-cut-forest.js';
import { APPROX_PERCENTILE_FUNCTION } from '../dsl/aggregates.js';
import { calledUdfs } from '../ast/expression-walk.js';
import { queryExpressions } from '../ast/query-expressions.js';
import type { ReferenceTable } from '../dsl/reference-table.js';
import type { ColumnType } from '../schema/column-types.js';
import type { CompileTarget, TableOptions } from './compile-target.js';
import type { JobIdentity } from './job-identity.js';

/** The runner's own functions, registered by a job that calls them. */
const RUNNER_FUNCTIONS = [RCF_FUNCTION, APPROX_PERCENTILE_FUNCTION] as const;

export interface CompiledJob {
  readonly identity: JobIdentity;
  readonly script: ScriptNode;
  /** The script as text, byte-identical for the same job and target. */
  readonly sql: string;
  readonly sources: readonly Source[];
  readonly sinkTable: string;
  readonly referenceTables: readonly ReferenceTable[];
  /** The data-lake copy's table, where it writes and its partition columns. */
  readonly dataLake?: { readonly table: string; readonly path: string; readonly format: 'parquet'; readonly partitionBy: readonly string[] };
  /**
   * Hash of everything that shapes the job's state (its query: operators, keys, windows,
   * aggregates), but not of connector options. A changed hash means a savepoint of the old job may
   * not restore into the new one.
   */
  readonly stateHash: string;
  /** The streams, files, folders, cache and secrets the script's connectors use (physical names). */
  readonly resources: readonly JobResource[];
}

/** The source table: declared columns, the event-time attribute with its watermark, processing time. */
function sourceTable(source: Source, target: CompileTarget, consumer: string, job: string): CreateTableNode {
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
    options: target.sourceOptions({
      stream: source.stream,
      consumer,
      job,
      // JSON leaves a missing column NULL; a column the source declares non-nullable must not be.
      requiredColumns: Object.entries(source.declaredColumns)
        .filter(([, type]) => !type.nullable)
        .map(([name]) => name),
    }),
  });
}

function sinkTable(name: string, job: Job, target: CompileTarget): CreateTableNode {
  return createTableNode({
    name,
    columns: job.outputColumns.map(([column, type]) => ({ name: column, type: type.sql })),
    // The entity key is the Kinesis partition key, so each key's rows stay in order on one shard.
    partitionedBy: job.partitionKey,
    options: target.sinkOptions(job.sinkStream),
  });
}

/** A reference table for lookup joins: its columns, its key, and where the target keeps its rows. */
function referenceTableNode(table: ReferenceTable, target: CompileTarget): CreateTableNode {
  return createTableNode({
    name: table.name,
    columns: Object.entries(table.columns).map(([name, type]) => ({ name, type: (type as ColumnType<unknown>).sql })),
    primaryKey: [table.key],
    options: target.referenceOptions(table),
  });
}

/** Whether a job (or a union part of it) joins against a versioned table. */
function hasTemporalJoin(job: Job): boolean {
  if (job.jobType === 'union') return job.parts.some((part) => hasTemporalJoin(part.job));
  return job.jobType === 'temporal-join';
}

/**
 * A temporal join reads its stream and its versions as two scans, and takes the smaller of their
 * watermarks, unless one scan is idle: then the other's alone moves the join on, and events are joined
 * before versions that are on their way (seen under CPU load: NULLs where a purchase had been read).
 * So such a job calls a scan idle only after 30 s without records, as the AWS target does for all.
 */
const TEMPORAL_JOIN_IDLE_TIMEOUT_S = 30;

function settingsOf(job: Job, target: CompileTarget): TableOptions {
  if (!hasTemporalJoin(job)) return target.settings;
  return target.settings.map(([key, value]) => {
    if (key !== 'table.exec.source.idle-timeout') return [key, value] as const;
    return [key, idleTimeoutSeconds(value) >= TEMPORAL_JOIN_IDLE_TIMEOUT_S ? value : `${String(TEMPORAL_JOIN_IDLE_TIMEOUT_S)} s`] as const;
  });
}

/** The targets write the idle timeout as `<n> s`. */
function idleTimeoutSeconds(value: string): number {
  const match = /^(\d+) s$/.exec(value);
  if (match === null) throw new Error(`idle timeout '${value}' is not '<n> s'`);
  return Number(match[1]);
}

/** Hash of the statements that shape state: the INSERTs, views and any state TTL, not connector options. */
function stateHash(script: ScriptNode): string {
  const hash = createHash('sha256');
  for (const statement of script.statements) {
    // Views hold queries too (keyed tables, a job's rows): what they compute is state as much as the INSERT's.
    const shapesState =
      statement.kind === 'StatementSetNode' || statement.kind === 'CreateViewNode' || (statement.kind === 'SetOptionNode' && statement.key.startsWith('table.exec.state.'));
    if (shapesState) hash.update(printSql(statement));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The job's query, then its rules over it: rules read the job's output columns, so they are computed
 * in an outer query, `SELECT cols, rules FROM (query) AS features`. The inner query sees the job
 * without the rules' columns. Then the kept rows' condition (`keepRows`), outermost.
 */
function queryWithRules(job: Job, jobName: string): QueryNode {
  const query = job.rules === undefined ? jobQuery(job, jobName) : rulesQuery(job, job.rules, jobName);
  if (job.keepRowsWhere === undefined) return query;
  // The kept rows' condition reads output columns, rules included, so it filters the outermost query.
  return selectNode({
    selections: job.outputColumns.map(([name]) => selectionNode(columnNode(name), name)),
    from: subqueryNode(query, 'kept'),
    where: job.keepRowsWhere.node,
  });
}

function rulesQuery(job: Job, rules: NonNullable<Job['rules']>, jobName: string): QueryNode {
  const ownColumns = job.outputColumns.slice(0, job.outputColumns.length - rules.length);
  return selectNode({
    selections: [...ownColumns.map(([name]) => selectionNode(columnNode(name), name)), ...rules.map(([name, rule]) => selectionNode(rule.node, name))],
    from: subqueryNode(jobQuery({ ...job, outputColumns: ownColumns }, jobName), 'features'),
  });
}

function jobQuery(job: Job, jobName: string): QueryNode {
  switch (job.jobType) {
    case 'windowed-aggregation':
      return windowedQuery(job, jobName);
    case 'event-features':
      return eventFeaturesQuery(job, jobName);
    case 'dedupe':
      return dedupeQuery(job);
    case 'pattern':
      return patternQuery(job, jobName);
    case 'interval-join':
    case 'join':
    case 'temporal-join':
      return joinQuery(job, jobName);
    case 'union':
      return unionQuery(job, jobName, (part) => queryWithRules(part, jobName));
  }
}

/**
 * Compiles a job to a script: `SET` options, the source tables (and views), the sink tables, and
 * one `EXECUTE STATEMENT SET` holding the job's INSERTs (one per sink).
 */
export function compileJob(job: Job, identity: JobIdentity, target: CompileTarget): CompiledJob {
  const sinkName = `${identity.sqlName}__sink`;
  const query = queryWithRules(job, identity.name);
  const lake = job.dataLake === undefined ? undefined : dataLakeStatements(job, job.dataLake, { rows: `${identity.sqlName}__rows`, sink: sinkName, lake: `${identity.sqlName}__data_lake` }, query, target);
  const udfs = new Set(queryExpressions(query).flatMap((expression) => [...calledUdfs(expression)]));
  const stateTtl = declaredStateTtl(job)?.millis;
  const { sources, keyedTables, referenceTables } = jobInputs(job);
  // Each source table is its own Kinesis consumer; two in one job need two consumer names.
  const consumer = (source: Source) => (sources.length === 1 ? identity.sqlName : `${identity.sqlName}__${source.name}`);
  const script = scriptNode([
    setOptionNode('pipeline.name', identity.name),
    // Window bounds (TIMESTAMP) and time-zone conversions start from this zone: UTC everywhere, whatever the machine.
    setOptionNode('table.local-time-zone', 'UTC'),
    // Flink ships partly filled network buffers every 100 ms by default; the latency budget is 10-20 ms a hop.
    setOptionNode('execution.buffer-timeout.interval', '10 ms'),
    ...settingsOf(job, target).map(([key, value]) => setOptionNode(key, value)),
    ...(stateTtl === undefined ? [] : [setOptionNode('table.exec.state.ttl', `${stateTtl} ms`)]),
    ...RUNNER_FUNCTIONS.filter((fn) => udfs.has(fn.name)).map((fn) => createFunctionNode(fn.name, fn.className)),
    ...sources.map((source) => sourceTable(source, target, consumer(source), identity.name)),
    ...keyedTables.map((table) => createViewNode(table.name, keyedTableQuery(table))),
    ...referenceTables.map((table) => referenceTableNode(table, target)),
    ...(lake?.rowsView === undefined ? [] : [lake.rowsView]),
    sinkTable(sinkName, job, target),
    ...(lake === undefined ? [statementSetNode([insertNode(sinkName, query)])] : [lake.table, statementSetNode(lake.inserts)]),
  ]);
  return {
    identity,
    script,
    sql: printSql(script),
    sources,
    sinkTable: sinkName,
    referenceTables,
    ...(lake === undefined
      ? {}
      : {
          dataLake: {
            table: lake.table.name,
            path: lake.path,
            format: 'parquet' as const,
            partitionBy: lake.table.partitionedBy ?? [],
          },
        }),
    stateHash: stateHash(script),
    resources: jobResources(script),
  };
}
