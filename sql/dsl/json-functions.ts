import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { nullable, t } from '../schema/column-types.js';
import { Expr } from './expression.js';

/** `$`, then member names (`.name` or `['name']`) and array positions (`[0]`), as Flink's JSON_VALUE reads them. */
const STEP = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['([^'\\]+)'\]|\[(\d+)\])/;

function checkJsonPath(path: string): void {
  let rest = path.replace(/^(?:lax|strict) +/, '');
  if (!rest.startsWith('$')) throw pathError(path, "does not start with '$' (the document)");
  rest = rest.slice(1);
  while (rest.length > 0) {
    const step = STEP.exec(rest);
    if (step === null) {
      const wildcard = rest.startsWith('.*') || rest.startsWith('[*]') || rest.startsWith('..');
      throw pathError(path, wildcard ? `selects several values at '${rest}' (JSON_VALUE gives one scalar)` : `cannot be read at '${rest}'`);
    }
    rest = rest.slice(step[0].length);
  }
}

function pathError(path: string, problem: string): JobDefinitionError {
  return new JobDefinitionError(`jsonValue: the path '${path}' ${problem}; write e.g. '$.device.os', '$.items[0].sku' or "$['key with spaces']"`);
}

/**
 * The scalar at a JSON path in a string holding a JSON document, as a string (`'$.items[0].sku'`; a number or a
 * boolean as its text). NULL when the string is NULL or not JSON, the path finds nothing, or it finds an object or
 * an array (Flink's defaults, NULL ON EMPTY and NULL ON ERROR: a bad document never fails the job).
 * @example
 * select: (c) => ({ os: jsonValue(c.user_agent, '$.device.os') }),
 * // prints JSON_VALUE(`user_agent`, '$.device.os') AS `os`
 */
export function jsonValue(json: Expr<string | null, 'string'>, path: string): Expr<string | null, 'string'> {
  checkJsonPath(path);
  return new Expr(functionCallNode('JSON_VALUE', [json.node, literalNode(path)]), nullable(t.string()));
}
