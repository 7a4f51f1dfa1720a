import type { ExpressionNode } from './expression-node.js';

/** Calls `visit` on an expression and every expression inside it, parents before children. */
export function walkExpression(node: ExpressionNode, visit: (node: ExpressionNode) => void): void {
  visit(node);
  const walk = (child: ExpressionNode): void => {
    walkExpression(child, visit);
  };
  switch (node.kind) {
    case 'ColumnNode':
    case 'LiteralNode':
    case 'IntervalNode':
      return;
    case 'BinaryOperationNode':
      walk(node.left);
      walk(node.right);
      return;
    case 'UnaryOperationNode':
      walk(node.operand);
      return;
    case 'FunctionCallNode':
      node.args.forEach(walk);
      if (node.filter !== undefined) walk(node.filter);
      return;
    case 'CaseNode':
      node.whens.forEach(({ when, then }) => {
        walk(when);
        walk(then);
      });
      if (node.otherwise !== undefined) walk(node.otherwise);
      return;
    case 'CastNode':
      walk(node.expression);
      return;
    case 'TimestampDiffNode':
      walk(node.from);
      walk(node.to);
      return;
    case 'FloorToNode':
      walk(node.expression);
      return;
    case 'InListNode':
      walk(node.expression);
      node.list.forEach(walk);
      return;
    case 'BetweenNode':
      walk(node.expression);
      walk(node.low);
      walk(node.high);
      return;
    case 'LikeNode':
      walk(node.expression);
      walk(node.pattern);
      if (node.escape !== undefined) walk(node.escape);
      return;
    case 'OverNode':
      walk(node.call);
      node.partitionBy.forEach(walk);
      node.orderBy.forEach((key) => {
        walk(key.expression);
      });
      return;
    case 'SqlFragmentNode':
      node.args.forEach(walk);
      return;
    default:
      node satisfies never;
  }
}

/** The qualifiers of every column an expression reads (`a`.`x` + `b`.`y` -> a, b); unqualified columns add none. */
export function referencedTables(node: ExpressionNode): Set<string> {
  const tables = new Set<string>();
  walkExpression(node, (child) => {
    if (child.kind === 'ColumnNode' && child.table !== undefined) tables.add(child.table);
  });
  return tables;
}

/** Names of the runner's user-defined functions an expression calls. */
export function calledUdfs(node: ExpressionNode): Set<string> {
  const names = new Set<string>();
  walkExpression(node, (child) => {
    if (child.kind === 'FunctionCallNode' && child.udf) names.add(child.name);
  });
  return names;
}
