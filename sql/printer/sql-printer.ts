import type { ExpressionNode } from '../ast/expression-node.js';
import { patternTerm } from '../ast/match-recognize-node.js';
import type { Node, NodeKind, NodeOfKind } from '../ast/node.js';
import { numberLiteral, quoteIdentifier, quoteString } from '../quoting.js';

type Print = (node: Node) => string;
type Printers = { readonly [K in NodeKind]: (node: NodeOfKind<K>, print: Print) => string };

const INDENT = '  ';

/**
 * One printer per node kind. The mapped type makes a node kind without a printer a compile error.
 * Layout is fixed (two-space indent, one clause per line), so the same tree always prints the same
 * bytes, which the golden files rely on.
 */
const PRINTERS: Printers = {
  ColumnNode: (node) => (node.table === undefined ? '' : `${quoteIdentifier(node.table)}.`) + quoteIdentifier(node.column),
  LiteralNode: (node) => {
    if (node.value === null) return 'NULL';
    if (typeof node.value === 'boolean') return node.value ? 'TRUE' : 'FALSE';
    if (typeof node.value === 'number') return numberLiteral(node.value);
    return quoteString(node.value);
  },
  IntervalNode: (node) => `INTERVAL '${numberLiteral(node.amount)}' ${node.unit}`,
  BinaryOperationNode: (node, print) => `(${bare(node, print)})`,
  UnaryOperationNode: (node, print) =>
    node.operator === 'NOT' || node.operator === '-'
      ? `(${node.operator === 'NOT' ? 'NOT ' : '-'}${print(node.operand)})`
      : `(${print(node.operand)} ${node.operator})`,
  FunctionCallNode: (node, print) => {
    const name = node.udf ? quoteIdentifier(node.name) : node.name;
    const args = node.star ? '*' : (node.distinct ? 'DISTINCT ' : '') + node.args.map(print).join(', ');
    return `${name}(${args})` + (node.filter === undefined ? '' : ` FILTER (WHERE ${bare(node.filter, print)})`);
  },
  CaseNode: (node, print) =>
    `CASE ${node.whens.map(({ when, then }) => `WHEN ${bare(when, print)} THEN ${print(then)}`).join(' ')}` +
    (node.otherwise === undefined ? '' : ` ELSE ${print(node.otherwise)}`) +
    ' END',
  TimestampDiffNode: (node, print) => `TIMESTAMPDIFF(${node.unit}, ${print(node.from)}, ${print(node.to)})`,
  CastNode: (node, print) => `${node.mode}(${print(node.expression)} AS ${node.type})`,
  FloorToNode: (node, print) => `FLOOR(${print(node.expression)} TO ${node.unit})`,
  InListNode: (node, print) => `(${bare(node, print)})`,
  BetweenNode: (node, print) => `(${bare(node, print)})`,
  LikeNode: (node, print) => `(${bare(node, print)})`,
  // In parentheses, so the author's operators never bind to what is around it.
  SqlFragmentNode: (node, print) => `(${node.text.map((text, index) => text + (index < node.args.length ? print(node.args[index] as ExpressionNode) : '')).join('')})`,
  OverNode: (node, print) => {
    const orderBy = node.orderBy.map((key) => `${print(key.expression)}${key.descending ? ' DESC' : ''}`).join(', ');
    // No PARTITION BY over a job without keys: one partition, the whole stream.
    const window = `${node.partitionBy.length === 0 ? '' : `PARTITION BY ${node.partitionBy.map(print).join(', ')} `}ORDER BY ${orderBy}`;
    if (node.frame === undefined) return `${print(node.call)} OVER (${window})`;
    const { frame } = node;
    const preceding = frame.unit === 'RANGE' ? print(frame.preceding) : frame.preceding === 'UNBOUNDED' ? 'UNBOUNDED' : numberLiteral(frame.preceding);
    return `${print(node.call)} OVER (${window} ${frame.unit} BETWEEN ${preceding} PRECEDING AND CURRENT ROW)`;
  },
  SubqueryNode: (node, print) => `(\n${indent(print(node.query))}\n) AS ${quoteIdentifier(node.alias)}`,
  StarNode: () => '*',
  JoinNode: (node, print) => `${print(node.left)}\n${node.type === 'LEFT' ? 'LEFT JOIN' : 'JOIN'} ${print(node.right)} ON ${bare(node.on, print)}`,
  TemporalTableNode: (node, print) => `${quoteIdentifier(node.name)} FOR SYSTEM_TIME AS OF ${print(node.asOf)} AS ${quoteIdentifier(node.alias)}`,
  TableNode: (node) => quoteIdentifier(node.name) + (node.alias === undefined ? '' : ` AS ${quoteIdentifier(node.alias)}`),
  WindowTableNode: (node, print) => {
    // Several columns go in parentheses: Flink's parser reads `PARTITION BY a, b` as the column `a` and then `b`
    // as the table function's next argument, which its planner refuses as an unknown column.
    const columns = node.partitionBy.map(quoteIdentifier).join(', ');
    const partition = node.partitionBy.length === 0 ? '' : node.partitionBy.length === 1 ? ` PARTITION BY ${columns}` : ` PARTITION BY (${columns})`;
    const table = `TABLE ${print(node.table)}${partition}`;
    const args = [table, `DESCRIPTOR(${quoteIdentifier(node.timeColumn)})`, ...node.intervals.map(print)];
    return `TABLE(${node.function}(${args.join(', ')}))`;
  },
  MatchRecognizeNode: (node, print) => {
    const clauses = [
      `PARTITION BY ${node.partitionBy.map(quoteIdentifier).join(', ')}`,
      `ORDER BY ${quoteIdentifier(node.orderBy)}`,
      'MEASURES',
      node.measures.map(([name, value]) => `${INDENT}${bare(value, print)} AS ${quoteIdentifier(name)}`).join(',\n'),
      'ONE ROW PER MATCH',
      'AFTER MATCH SKIP PAST LAST ROW',
      `PATTERN (${node.pattern.map(patternTerm).join(' ')}) WITHIN ${print(node.within)}`,
      'DEFINE',
      node.define.map(([variable, condition]) => `${INDENT}${quoteIdentifier(variable)} AS ${bare(condition, print)}`).join(',\n'),
    ];
    return `${print(node.table)}\n${indent(`MATCH_RECOGNIZE (\n${indent(clauses.join('\n'))}\n) AS ${quoteIdentifier(node.alias)}`)}`;
  },
  SelectionNode: (node, print) =>
    node.expression.kind === 'StarNode'
      ? '*'
      : node.expression.kind === 'ColumnNode' && node.expression.column === node.alias && node.expression.table === undefined
      ? print(node.expression)
      : `${bare(node.expression, print)} AS ${quoteIdentifier(node.alias)}`,
  SelectNode: (node, print) =>
    [
      `SELECT${node.hints.map((hint) => ` /*+ ${hint.name}(${hint.options.map(([key, value]) => `${quoteString(key)} = ${quoteString(value)}`).join(', ')}) */`).join('')}`,
      node.selections.map((selection) => INDENT + print(selection)).join(',\n'),
      `FROM ${print(node.from)}`,
      ...(node.where === undefined ? [] : [`WHERE ${bare(node.where, print)}`]),
      ...(node.groupBy.length === 0 ? [] : [`GROUP BY ${node.groupBy.map(print).join(', ')}`]),
      ...(node.having === undefined ? [] : [`HAVING ${bare(node.having, print)}`]),
    ].join('\n'),
  UnionNode: (node, print) => node.queries.map(print).join('\nUNION ALL\n'),
  CreateTableNode: (node, print) => {
    const columns = node.columns.map((column) =>
      'type' in column ? `${quoteIdentifier(column.name)} ${column.type}` : `${quoteIdentifier(column.name)} AS ${bare(column.computed, print)}`,
    );
    if (node.watermark !== undefined) {
      columns.push(`WATERMARK FOR ${quoteIdentifier(node.watermark.column)} AS ${bare(node.watermark.expression, print)}`);
    }
    if (node.primaryKey !== undefined) columns.push(`PRIMARY KEY (${node.primaryKey.map(quoteIdentifier).join(', ')}) NOT ENFORCED`);
    const options = node.options.map(([key, value]) => `${INDENT}${quoteString(key)} = ${quoteString(value)}`);
    const partitioned = node.partitionedBy === undefined ? '' : ` PARTITIONED BY (${node.partitionedBy.map(quoteIdentifier).join(', ')})`;
    return `CREATE TEMPORARY TABLE ${quoteIdentifier(node.name)} (\n${columns.map((line) => INDENT + line).join(',\n')}\n)${partitioned} WITH (\n${options.join(',\n')}\n);`;
  },
  CreateViewNode: (node, print) => `CREATE TEMPORARY VIEW ${quoteIdentifier(node.name)} AS\n${print(node.query)};`,
  CreateFunctionNode: (node) => `CREATE TEMPORARY SYSTEM FUNCTION ${quoteIdentifier(node.name)} AS ${quoteString(node.className)} LANGUAGE JAVA;`,
  InsertNode: (node, print) => `INSERT INTO ${quoteIdentifier(node.table)}\n${print(node.query)};`,
  SetOptionNode: (node) => `SET ${quoteString(node.key)} = ${quoteString(node.value)};`,
  StatementSetNode: (node, print) => `EXECUTE STATEMENT SET\nBEGIN\n${node.inserts.map(print).join('\n\n')}\nEND;`,
  ScriptNode: (node, print) => `${node.statements.map(print).join('\n\n')}\n`,
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => INDENT + line)
    .join('\n');
}

/** An expression without its outermost parentheses, where the context already delimits it. */
function bare(node: ExpressionNode, print: Print): string {
  switch (node.kind) {
    case 'BinaryOperationNode':
      return `${print(node.left)} ${node.operator} ${print(node.right)}`;
    case 'InListNode':
      return `${print(node.expression)} IN (${node.list.map(print).join(', ')})`;
    case 'BetweenNode':
      return `${print(node.expression)} BETWEEN ${print(node.low)} AND ${print(node.high)}`;
    case 'LikeNode':
      return `${print(node.expression)} LIKE ${print(node.pattern)}${node.escape === undefined ? '' : ` ESCAPE ${print(node.escape)}`}`;
    default:
      return print(node);
  }
}

export function printSql(node: Node): string {
  const print: Print = (child) => (PRINTERS[child.kind] as (node: Node, print: Print) => string)(child, print);
  return print(node);
}
