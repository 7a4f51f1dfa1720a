import type { ExpressionNode } from './expression-node.js';

/**
 * A call of a Flink built-in (`name` is one of the DSL's own constants, printed as is) or of a
 * user-defined function registered by the runner (`udf: true`, printed as a quoted identifier).
 * `COUNT(*)` is a call with `star`; `SUM(x) FILTER (WHERE ...)` carries `filter`.
 */
export interface FunctionCallNode {
  readonly kind: 'FunctionCallNode';
  readonly name: string;
  readonly args: readonly ExpressionNode[];
  readonly udf: boolean;
  readonly distinct: boolean;
  readonly star: boolean;
  readonly filter?: ExpressionNode;
}

export function functionCallNode(
  name: string,
  args: readonly ExpressionNode[],
  options: { readonly udf?: boolean; readonly distinct?: boolean; readonly star?: boolean; readonly filter?: ExpressionNode } = {},
): FunctionCallNode {
  return Object.freeze({
    kind: 'FunctionCallNode',
    name,
    args: Object.freeze([...args]),
    udf: options.udf ?? false,
    distinct: options.distinct ?? false,
    star: options.star ?? false,
    ...(options.filter === undefined ? {} : { filter: options.filter }),
  });
}
