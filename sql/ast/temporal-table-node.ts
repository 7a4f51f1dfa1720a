import type { ColumnNode } from './column-node.js';

/** A table as of a point in time, the right side of a lookup join: `zip_codes` FOR SYSTEM_TIME AS OF `clicks`.`proc_time` AS `zip`. */
export interface TemporalTableNode {
  readonly kind: 'TemporalTableNode';
  readonly name: string;
  readonly asOf: ColumnNode;
  readonly alias: string;
}

export function temporalTableNode(name: string, asOf: ColumnNode, alias: string): TemporalTableNode {
  return Object.freeze({ kind: 'TemporalTableNode', name, asOf, alias });
}
