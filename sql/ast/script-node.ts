import type { CreateFunctionNode } from './create-function-node.js';
import type { CreateTableNode } from './create-table-node.js';
import type { CreateViewNode } from './create-view-node.js';
import type { SetOptionNode } from './set-option-node.js';
import type { StatementSetNode } from './statement-set-node.js';

export type StatementNode = SetOptionNode | CreateFunctionNode | CreateTableNode | CreateViewNode | StatementSetNode;

/** A compiled job: the plain SQL script the runner executes statement by statement. */
export interface ScriptNode {
  readonly kind: 'ScriptNode';
  readonly statements: readonly StatementNode[];
}

export function scriptNode(statements: readonly StatementNode[]): ScriptNode {
  return Object.freeze({ kind: 'ScriptNode', statements: Object.freeze([...statements]) });
}
