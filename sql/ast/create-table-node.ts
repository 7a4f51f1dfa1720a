import type { ExpressionNode } from './expression-node.js';

/** A physical column (`name TYPE`) or a computed one (`name AS expression`). */
export type ColumnDefinition =
  | { readonly name: string; readonly type: string }
  | { readonly name: string; readonly computed: ExpressionNode };

export interface WatermarkDefinition {
  readonly column: string;
  readonly expression: ExpressionNode;
}

/**
 * `CREATE TEMPORARY TABLE name (columns, WATERMARK FOR ...) WITH ('key' = 'value', ...)`.
 * Temporary: a compiled job script declares its own tables every time it runs, in no catalog.
 */
export interface CreateTableNode {
  readonly kind: 'CreateTableNode';
  readonly name: string;
  readonly columns: readonly ColumnDefinition[];
  readonly watermark?: WatermarkDefinition;
  /** `PRIMARY KEY (...) NOT ENFORCED`: the lookup key of a reference table. */
  readonly primaryKey?: readonly string[];
  /** For a Kinesis sink: the columns whose values form each record's partition key. */
  readonly partitionedBy?: readonly string[];
  /** Ordered key/value pairs: printed in this order, so output is deterministic. */
  readonly options: readonly (readonly [string, string])[];
}

export function createTableNode(fields: Omit<CreateTableNode, 'kind'>): CreateTableNode {
  return Object.freeze({ kind: 'CreateTableNode', ...fields });
}
