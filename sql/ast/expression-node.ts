import type { BetweenNode } from './between-node.js';
import type { BinaryOperationNode } from './binary-operation-node.js';
import type { CaseNode } from './case-node.js';
import type { CastNode } from './cast-node.js';
import type { ColumnNode } from './column-node.js';
import type { FloorToNode } from './floor-to-node.js';
import type { FunctionCallNode } from './function-call-node.js';
import type { InListNode } from './in-list-node.js';
import type { IntervalNode } from './interval-node.js';
import type { LikeNode } from './like-node.js';
import type { LiteralNode } from './literal-node.js';
import type { OverNode } from './over-node.js';
import type { SqlFragmentNode } from './sql-fragment-node.js';
import type { TimestampDiffNode } from './timestamp-diff-node.js';
import type { UnaryOperationNode } from './unary-operation-node.js';

/** Every node that denotes a value. */
export type ExpressionNode =
  | ColumnNode
  | LiteralNode
  | IntervalNode
  | BinaryOperationNode
  | UnaryOperationNode
  | FunctionCallNode
  | CaseNode
  | CastNode
  | TimestampDiffNode
  | OverNode
  | FloorToNode
  | InListNode
  | BetweenNode
  | LikeNode
  | SqlFragmentNode;
