import type { CreateFunctionNode } from './create-function-node.js';
import type { CreateTableNode } from './create-table-node.js';
import type { CreateViewNode } from './create-view-node.js';
import type { ExpressionNode } from './expression-node.js';
import type { InsertNode } from './insert-node.js';
import type { JoinNode } from './join-node.js';
import type { MatchRecognizeNode } from './match-recognize-node.js';
import type { ScriptNode } from './script-node.js';
import type { SelectNode } from './select-node.js';
import type { SelectionNode } from './selection-node.js';
import type { SetOptionNode } from './set-option-node.js';
import type { StarNode } from './star-node.js';
import type { StatementSetNode } from './statement-set-node.js';
import type { SubqueryNode } from './subquery-node.js';
import type { TableNode } from './table-node.js';
import type { TemporalTableNode } from './temporal-table-node.js';
import type { UnionNode } from './union-node.js';
import type { WindowTableNode } from './window-table-node.js';

/** Every node of the query representation; the printer must handle each `kind`. */
export type Node =
  | ExpressionNode
  | TableNode
  | WindowTableNode
  | SubqueryNode
  | JoinNode
  | MatchRecognizeNode
  | TemporalTableNode
  | StarNode
  | SelectionNode
  | SelectNode
  | UnionNode
  | CreateTableNode
  | CreateViewNode
  | CreateFunctionNode
  | InsertNode
  | SetOptionNode
  | StatementSetNode
  | ScriptNode;

export type NodeKind = Node['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;
