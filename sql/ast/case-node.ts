import type { ExpressionNode } from './expression-node.js';

export interface WhenClause {
  readonly when: ExpressionNode;
  readonly then: ExpressionNode;
}

/** `CASE WHEN c1 THEN v1 ... ELSE v END` (searched form only: it covers the simple form). */
export interface CaseNode {
  readonly kind: 'CaseNode';
  readonly whens: readonly WhenClause[];
  readonly otherwise?: ExpressionNode;
}

export function caseNode(whens: readonly WhenClause[], otherwise?: ExpressionNode): CaseNode {
  return Object.freeze({ kind: 'CaseNode', whens: Object.freeze([...whens]), ...(otherwise === undefined ? {} : { otherwise }) });
}
