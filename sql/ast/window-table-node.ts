import type { IntervalNode } from './interval-node.js';
import type { TableNode } from './table-node.js';

export type WindowFunction = 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';

/**
 * A windowing table-valued function over a table:
 * `TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '30' SECOND, INTERVAL '1' MINUTE))`.
 * `intervals` are in Flink's argument order (HOP: slide then size; CUMULATE: step then max size;
 * SESSION: gap); `partitionBy` is used by SESSION only.
 */
export interface WindowTableNode {
  readonly kind: 'WindowTableNode';
  readonly function: WindowFunction;
  readonly table: TableNode;
  readonly timeColumn: string;
  readonly intervals: readonly IntervalNode[];
  readonly partitionBy: readonly string[];
}

export function windowTableNode(
  fn: WindowFunction,
  table: TableNode,
  timeColumn: string,
  intervals: readonly IntervalNode[],
  partitionBy: readonly string[] = [],
): WindowTableNode {
  return Object.freeze({
    kind: 'WindowTableNode',
    function: fn,
    table,
    timeColumn,
    intervals: Object.freeze([...intervals]),
    partitionBy: Object.freeze([...partitionBy]),
  });
}
