import type { ExpressionNode } from './expression-node.js';

/** The qualifiers of every column an expression reads (`a`.`x` + `b`.`y` -> a, b); unqualified columns add none. */
export function referencedTables(node: ExpressionNode): Set<string> {
  const tables = new Set<string>();
  const visit = (child: ExpressionNode): void => {
    switch (child.kind) {
      case 'ColumnNode':
        if (child.table !== undefined) tables.add(child.table);
        return;
      case 'LiteralNode':
      case 'IntervalNode':
        return;
      case 'BinaryOperationNode':
        visit(child.left);
        visit(child.right);
        return;
      case 'UnaryOperationNode':
        visit(child.operand);
        return;
      case 'FunctionCallNode':
        child.args.forEach(visit);
        if (child.filter !== undefined) visit(child.filter);
        return;
      case 'CaseNode':
        child.whens.forEach(({ when, then }) => {
          visit(when);
          visit(then);
        });
        if (child.otherwise !== undefined) visit(child.otherwise);
        return;
      case 'CastNode':
        visit(child.expression);
        return;
      case 'OverNode':
        visit(child.call);
        child.partitionBy.forEach(visit);
        visit(child.orderBy);
        return;
      default:
        child satisfies never;
    }
  };
  visit(node);
  return tables;
}
