import nodeSqlParser from 'node-sql-parser';
import type { CreateTableNode } from '../ast/create-table-node.js';
import type { ExpressionNode } from '../ast/expression-node.js';
import { functionCallNode } from '../ast/function-call-node.js';
import type { Node } from '../ast/node.js';
import type { JoinNode } from '../ast/join-node.js';
import { selectNode, type RelationNode } from '../ast/select-node.js';
import type { QueryNode } from '../ast/union-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { tableNode } from '../ast/table-node.js';
import { queryExpressions } from '../ast/query-expressions.js';
import { GeneratedSqlError } from '../errors.js';
import { printSql } from '../printer/sql-printer.js';
import type { CompiledJob } from './compile-job.js';

const parser = new nodeSqlParser.Parser();
const DIALECT = { database: 'flinksql' } as const;

/**
 * Flink SQL that node-sql-parser 5.x (dialect `flinksql`) does not know. A statement using none is
 * parsed whole; one using any is parsed in parts (each expression on its own, a table without the
 * unknown clauses), and what is left is checked by Flink's own planner (the runner's `explain`).
 */
export const PARSER_GAPS = {
  setOption: "SET 'key' = 'value'",
  statementSet: 'EXECUTE STATEMENT SET',
  aggregateFilter: 'aggregate FILTER (WHERE ...)',
  unicodeLiteral: "U&'...' string literals",
  windowFunction: 'HOP, SESSION and CUMULATE window functions (TUMBLE is known)',
  timestampLtz: 'the TIMESTAMP_LTZ type',
  computedColumn: 'computed columns',
  watermark: 'WATERMARK FOR',
  partitionedBy: 'PARTITIONED BY',
  overWindow: 'OVER clauses (trailing windows, ROW_NUMBER)',
  backslashInString: 'backslashes in string literals (it reads them as MySQL escapes; Flink does not)',
  quoteInOptionValue: "table option values that are empty or contain a quote",
  backQuoteInName: 'a back quote inside a column name, alias or qualifier (it misreads the doubled back quote)',
  lookupJoin: 'FOR SYSTEM_TIME AS OF (lookup joins)',
  primaryKeyNotEnforced: 'PRIMARY KEY ... NOT ENFORCED',
  createFunction: 'CREATE TEMPORARY SYSTEM FUNCTION ... LANGUAGE JAVA',
  matchRecognize: 'MATCH_RECOGNIZE (pattern recognition)',
  parenthesizedWhen: 'a condition that starts with a parenthesis right after CASE WHEN',
  timestampDiff: 'TIMESTAMPDIFF(unit, from, to)',
  floorTo: 'FLOOR(timestamp TO unit)',
  sqlFragment: 'a Flink SQL expression written with flinkSql (the escape hatch)',
} as const;

export interface ValidationReport {
  readonly statementsParsedWhole: number;
  readonly statementsParsedInParts: number;
  readonly expressionsParsed: number;
  /** Gaps met in this job: the parts of it only Flink's EXPLAIN checks. */
  readonly leftToFlink: readonly string[];
}

function parse(sql: string, job: CompiledJob, what: string): void {
  try {
    parser.astify(sql, DIALECT);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new GeneratedSqlError(`${job.identity.file}: job ${job.identity.name}: the generated ${what} does not parse (a compiler bug): ${reason}\n${sql}`);
  }
}

/**
 * The parts of an expression the parser can read: the expression itself when it uses no gap, else
 * (recursively) the largest parts of it that do not. Gaps met on the way are added to `gaps`.
 */
function parseableParts(node: ExpressionNode, gaps: Set<string>): ExpressionNode[] {
  const own = new Set<string>();
  const parts = partsOf(node, own);
  own.forEach((gap) => gaps.add(gap));
  return own.size === 0 ? [node] : parts;
}

function partsOf(node: ExpressionNode, gaps: Set<string>): ExpressionNode[] {
  const children = (...nodes: ExpressionNode[]): ExpressionNode[] => nodes.flatMap((child) => parseableParts(child, gaps));
  switch (node.kind) {
    case 'LiteralNode':
      // eslint-disable-next-line no-control-regex -- control characters are what makes the printer use U&
      if (typeof node.value === 'string' && /[\u0001-\u001f\u007f]/.test(node.value)) gaps.add(PARSER_GAPS.unicodeLiteral);
      if (typeof node.value === 'string' && node.value.includes('\\')) gaps.add(PARSER_GAPS.backslashInString);
      return [];
    case 'ColumnNode':
      if (`${node.table ?? ''}${node.column}`.includes('`')) gaps.add(PARSER_GAPS.backQuoteInName);
      return [];
    case 'IntervalNode':
      return [];
    case 'FunctionCallNode': {
      if (node.filter === undefined) return children(...node.args);
      gaps.add(PARSER_GAPS.aggregateFilter);
      const { filter, ...call } = node;
      return [...children(functionCallNode(call.name, call.args, call)), ...children(filter)];
    }
    case 'OverNode':
      gaps.add(PARSER_GAPS.overWindow);
      return children(node.call, ...node.partitionBy, ...node.orderBy.map((key) => key.expression));
    case 'BinaryOperationNode':
      return children(node.left, node.right);
    case 'UnaryOperationNode':
      return children(node.operand);
    case 'CaseNode':
      if (node.whens.some(({ when }) => startsWithParenthesis(when))) gaps.add(PARSER_GAPS.parenthesizedWhen);
      return children(...node.whens.flatMap(({ when, then }) => [when, then]), ...(node.otherwise === undefined ? [] : [node.otherwise]));
    case 'CastNode':
      if (node.type.startsWith('TIMESTAMP_LTZ')) gaps.add(PARSER_GAPS.timestampLtz);
      return children(node.expression);
    case 'TimestampDiffNode':
      gaps.add(PARSER_GAPS.timestampDiff);
      return children(node.from, node.to);
    case 'FloorToNode':
      gaps.add(PARSER_GAPS.floorTo);
      return children(node.expression);
    case 'InListNode':
      return children(node.expression, ...node.list);
    case 'BetweenNode':
      return children(node.expression, node.low, node.high);
    case 'LikeNode':
      return children(node.expression, node.pattern, ...(node.escape === undefined ? [] : [node.escape]));
    case 'SqlFragmentNode':
      gaps.add(PARSER_GAPS.sqlFragment);
      return children(...node.args);
    default:
      return node satisfies never;
  }
}

/** Whether a CASE condition prints as `(...` (the printer parenthesizes operations; a bare top level keeps only its left operand's). */
function startsWithParenthesis(when: ExpressionNode): boolean {
  if (when.kind === 'UnaryOperationNode') return true;
  const parenthesized = ['BinaryOperationNode', 'UnaryOperationNode', 'InListNode', 'BetweenNode', 'LikeNode'];
  return when.kind === 'BinaryOperationNode' && parenthesized.includes(when.left.kind);
}

/** Parses each parseable part of an expression as `SELECT <part> AS e FROM t`; returns how many. */
function validateExpression(expression: ExpressionNode, job: CompiledJob, gaps: Set<string>): number {
  const parts = parseableParts(expression, gaps);
  for (const part of parts) parse(printSql(selectNode({ selections: [selectionNode(part, 'e')], from: tableNode('t') })), job, 'expression');
  return parts.length;
}

function relationGaps(relation: RelationNode | JoinNode['right'], gaps: Set<string>): void {
  switch (relation.kind) {
    case 'WindowTableNode':
      if (relation.function !== 'TUMBLE') gaps.add(PARSER_GAPS.windowFunction);
      return;
    case 'SubqueryNode':
      shapeGaps(relation.query, gaps);
      return;
    case 'JoinNode':
      relationGaps(relation.left, gaps);
      relationGaps(relation.right, gaps);
      return;
    case 'TemporalTableNode':
      gaps.add(PARSER_GAPS.lookupJoin);
      return;
    case 'MatchRecognizeNode':
      gaps.add(PARSER_GAPS.matchRecognize);
      return;
    case 'TableNode':
      return;
  }
}

/** Gaps in a query's clauses and relations, its subqueries' and every query's of a UNION ALL. */
function shapeGaps(query: QueryNode, gaps: Set<string>): void {
  if (query.kind === 'UnionNode') {
    query.queries.forEach((part) => {
      shapeGaps(part, gaps);
    });
    return;
  }
  if (query.selections.some((selection) => selection.alias.includes('`'))) gaps.add(PARSER_GAPS.backQuoteInName);
  relationGaps(query.from, gaps);
}

function queryGaps(query: QueryNode): Set<string> {
  const gaps = new Set<string>();
  shapeGaps(query, gaps);
  for (const expression of queryExpressions(query)) parseableParts(expression, gaps);
  return gaps;
}

/** The table as the parser can read it: physical columns of known types, and the options. */
function reducedTable(table: CreateTableNode, gaps: Set<string>): CreateTableNode {
  if (table.watermark !== undefined) gaps.add(PARSER_GAPS.watermark);
  if (table.partitionedBy !== undefined) gaps.add(PARSER_GAPS.partitionedBy);
  if (table.primaryKey !== undefined) gaps.add(PARSER_GAPS.primaryKeyNotEnforced);
  const columns = table.columns.filter((column) => {
    if (!('type' in column)) {
      gaps.add(PARSER_GAPS.computedColumn);
      return false;
    }
    if (column.name.includes('`')) {
      gaps.add(PARSER_GAPS.backQuoteInName);
      return false;
    }
    if (column.type.startsWith('TIMESTAMP_LTZ')) {
      gaps.add(PARSER_GAPS.timestampLtz);
      return false;
    }
    return true;
  });
  const options = table.options.filter(([key, value]) => {
    const readable = value !== '' && !value.includes("'") && !key.includes("'") && !value.includes('\\');
    if (!readable) gaps.add(PARSER_GAPS.quoteInOptionValue);
    return readable;
  });
  return { kind: 'CreateTableNode', name: table.name, columns, options };
}

/** Parses every statement of a compiled job, whole or in parts; throws GeneratedSqlError on failure. */
export function validateScript(job: CompiledJob): ValidationReport {
  const leftToFlink = new Set<string>();
  let whole = 0;
  let parts = 0;
  let expressions = 0;
  const validateNode = (node: Node): void => {
    switch (node.kind) {
      case 'SetOptionNode':
        leftToFlink.add(PARSER_GAPS.setOption);
        return;
      case 'CreateFunctionNode':
        leftToFlink.add(PARSER_GAPS.createFunction);
        return;
      case 'StatementSetNode':
        leftToFlink.add(PARSER_GAPS.statementSet);
        node.inserts.forEach(validateNode);
        return;
      case 'CreateTableNode': {
        const gaps = new Set<string>();
        const reduced = reducedTable(node, gaps);
        parse(printSql(reduced), job, `table ${node.name}`);
        gaps.forEach((gap) => leftToFlink.add(gap));
        for (const column of node.columns) if ('computed' in column) expressions += validateExpression(column.computed, job, leftToFlink);
        if (node.watermark !== undefined) expressions += validateExpression(node.watermark.expression, job, leftToFlink);
        if (gaps.size === 0) whole++;
        else parts++;
        return;
      }
      case 'InsertNode':
      case 'CreateViewNode': {
        const gaps = queryGaps(node.query);
        if (gaps.size === 0) {
          // A view is checked as its query: the parser has no CREATE TEMPORARY VIEW.
          const [statement, label] = node.kind === 'InsertNode' ? [printSql(node).replace(/;$/, ''), `INSERT into ${node.table}`] : [printSql(node.query), `view ${node.name}`];
          parse(statement, job, label);
          whole++;
          return;
        }
        gaps.forEach((gap) => leftToFlink.add(gap));
        for (const expression of queryExpressions(node.query)) expressions += validateExpression(expression, job, leftToFlink);
        parts++;
        return;
      }
      default:
        return;
    }
  };
  job.script.statements.forEach(validateNode);
  return { statementsParsedWhole: whole, statementsParsedInParts: parts, expressionsParsed: expressions, leftToFlink: [...leftToFlink].sort() };
}
