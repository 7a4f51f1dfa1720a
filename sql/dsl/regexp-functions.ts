import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { nullable, t } from '../schema/column-types.js';
import { Expr } from './expression.js';
import { resultType } from './function-types.js';
import { checkJavaRegex } from './java-regex.js';

/**
 * The text a group of a Java regular expression matched at the first match in the string (group 0: the whole
 * match). NULL when nothing matches, or the group took no part in the match. The pattern is checked when the job
 * compiles (java-regex.ts), and so is the group: the pattern must have it.
 * @example
 * select: (c) => ({ product_id: regexpExtract(c.url, '^/products/(\\d+)', 1) }),
 * // prints REGEXP_EXTRACT(`url`, '^/products/(\d+)', 1) AS `product_id`
 */
export function regexpExtract(value: Expr<string | null, 'string'>, regex: string, group = 0): Expr<string | null, 'string'> {
  const { groups } = checkJavaRegex(regex, 'regexpExtract');
  if (!Number.isInteger(group) || group < 0 || group > groups) {
    throw new JobDefinitionError(`regexpExtract: group ${String(group)} of '${regex}' does not exist; it has ${String(groups)} group${groups === 1 ? '' : 's'} (0 is the whole match)`);
  }
  return new Expr(functionCallNode('REGEXP_EXTRACT', [value.node, literalNode(regex), literalNode(group)]), nullable(t.string()));
}

/**
 * Every match of a Java regular expression replaced by `replacement`, which is plain text: Flink quotes it, so `$1`
 * is the two characters `$1`, not a group. NULL when the string is.
 * @example
 * select: (c) => ({ url_pattern: regexpReplace(c.url, '\\d+', 'N') }),
 * // prints REGEXP_REPLACE(`url`, '\d+', 'N') AS `url_pattern`
 */
export function regexpReplace<T extends string | null>(value: Expr<T, 'string'>, regex: string, replacement: string): Expr<null extends T ? string | null : string, 'string'> {
  checkJavaRegex(regex, 'regexpReplace');
  return new Expr(functionCallNode('REGEXP_REPLACE', [value.node, literalNode(regex), literalNode(replacement)]), resultType(t.string(), [value]));
}
