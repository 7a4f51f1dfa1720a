/**
 * `CREATE TEMPORARY SYSTEM FUNCTION name AS 'class' LANGUAGE JAVA`: a function the runner jar
 * implements (e.g. RCF_SCORE), declared by the script that uses it.
 */
export interface CreateFunctionNode {
  readonly kind: 'CreateFunctionNode';
  readonly name: string;
  readonly className: string;
}

export function createFunctionNode(name: string, className: string): CreateFunctionNode {
  return Object.freeze({ kind: 'CreateFunctionNode', name, className });
}
