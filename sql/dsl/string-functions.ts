import { functionCallNode } from '../ast/function-call-node.js';
import { likeNode } from '../ast/like-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { nullable, t } from '../schema/column-types.js';
import { Expr, toNode, type Operand } from './expression.js';
import { resultType, type NullableIfAny } from './function-types.js';

type Text<T> = Expr<T, 'string'>;
/** A string result, null only when an input is. */
type TextOf<T> = Text<null extends T ? string | null : string>;

function checkWholeNumber(value: number, usedIn: string, what: string, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) throw new JobDefinitionError(`${usedIn}: ${what} must be a whole number from ${String(minimum)}, got ${String(value)}`);
}

/**
 * The strings joined, e.g. a composite key. NULL when any part is NULL (wrap a nullable part in `coalesce`).
 * @example
 * select: (c) => ({ user_page: concat(c.user_id, ':', c.url) }),
 * // prints CONCAT(`user_id`, ':', `url`) AS `user_page`
 */
export function concat<const Parts extends readonly [Operand<'string'>, Operand<'string'>, ...Operand<'string'>[]]>(...parts: Parts): Text<NullableIfAny<Parts, string>> {
  return new Expr(functionCallNode('CONCAT', parts.map(toNode)), resultType(t.string(), parts));
}

/**
 * `length` characters from the 1-based position `start` (to the end without `length`); a start past the end
 * gives ''. Positions count characters, not bytes.
 * @example
 * select: (c) => ({ url_prefix: substring(c.url, 1, 8) }),
 * // prints SUBSTRING(`url`, 1, 8) AS `url_prefix`
 */
export function substring<T extends string | null>(value: Text<T>, start: number, length?: number): TextOf<T> {
  checkWholeNumber(start, 'substring', 'start (the first character is 1)', 1);
  if (length !== undefined) checkWholeNumber(length, 'substring', 'length', 0);
  const args = [value.node, literalNode(start), ...(length === undefined ? [] : [literalNode(length)])];
  return new Expr(functionCallNode('SUBSTRING', args), resultType(t.string(), [value]));
}

/**
 * The number of characters (Flink's CHAR_LENGTH, an INT).
 * @example
 * select: (c) => ({ url_length: length(c.url) }),
 * // prints CHAR_LENGTH(`url`) AS `url_length`
 */
export function length<T extends string | null>(value: Text<T>): Expr<null extends T ? number | null : number, 'numeric'> {
  return new Expr(functionCallNode('CHAR_LENGTH', [value.node]), resultType(t.int(), [value]));
}

/**
 * The string without leading and trailing spaces (only ' ': tabs and newlines stay).
 * @example
 * select: (c) => ({ zip: trim(c.zip) }),
 * // prints TRIM(`zip`) AS `zip`
 */
export function trim<T extends string | null>(value: Text<T>): TextOf<T> {
  return new Expr(functionCallNode('TRIM', [value.node]), resultType(t.string(), [value]));
}

/**
 * Every occurrence of `search` replaced, as plain text (no pattern: see `regexpReplace`).
 * @example
 * select: (c) => ({ path: replace(c.url, '/products/', '/p/') }),
 * // prints REPLACE(`url`, '/products/', '/p/') AS `path`
 */
export function replace<T extends string | null>(value: Text<T>, search: string, replacement: string): TextOf<T> {
  if (search === '') throw new JobDefinitionError('replace: the text to search for is empty; give the text to replace');
  return new Expr(functionCallNode('REPLACE', [value.node, literalNode(search), literalNode(replacement)]), resultType(t.string(), [value]));
}

/**
 * The `index`-th part (from 0) of the string split at each `delimiter` (plain text, not a pattern). NULL when
 * there is no such part.
 * @example
 * select: (c) => ({ section: splitIndex(c.url, '/', 1) }),
 * // prints SPLIT_INDEX(`url`, '/', 1) AS `section`
 */
export function splitIndex(value: Text<string | null>, delimiter: string, index: number): Text<string | null> {
  if (delimiter === '') throw new JobDefinitionError('splitIndex: the delimiter is empty; give the text to split at');
  checkWholeNumber(index, 'splitIndex', 'index (the first part is 0)', 0);
  return new Expr(functionCallNode('SPLIT_INDEX', [value.node, literalNode(delimiter), literalNode(index)]), nullable(t.string()));
}

/**
 * `value LIKE pattern`: the whole string matches (`'%sale%'` to find it anywhere), case-sensitively; `%` matches any
 * run of characters and `_` any one. Flink's LIKE has no escape character (a `\` is itself), so to match a `%` or
 * `_` itself name one: `like(c.url, '%50!%%', { escape: '!' })`, where `!` may only come before `%`, `_` or `!` (Flink
 * fails the job on anything else).
 * @example
 * where: (c) => like(c.url, '/products/%'),
 * // prints WHERE `url` LIKE '/products/%'
 */
export function like<T extends string | null>(value: Text<T>, pattern: string, options: { readonly escape?: string } = {}): Expr<null extends T ? boolean | null : boolean, 'boolean'> {
  const { escape } = options;
  if (escape !== undefined) checkEscapes(pattern, escape);
  const node = likeNode(value.node, literalNode(pattern), escape === undefined ? undefined : literalNode(escape));
  return new Expr(node, resultType(t.boolean(), [value]));
}

function checkEscapes(pattern: string, escape: string): void {
  if (escape.length !== 1) throw new JobDefinitionError(`like: the escape '${escape}' must be one character`);
  for (let index = 0; index < pattern.length; index++) {
    if (pattern.charAt(index) !== escape) continue;
    const next = pattern.charAt(index + 1);
    if (next !== '%' && next !== '_' && next !== escape) {
      throw new JobDefinitionError(`like: in '${pattern}', the escape '${escape}' at ${String(index + 1)} comes before ${next === '' ? 'nothing' : `'${next}'`}; it may only come before %, _ or itself`);
    }
    index++;
  }
}

/**
 * The MD5 digest of the string, as 32 hex digits: e.g. to pseudonymize an id. NULL when the string is.
 * @example
 * select: (c) => ({ user_hash: md5(c.user_id) }),
 * // prints MD5(`user_id`) AS `user_hash`
 */
export function md5<T extends string | null>(value: Text<T>): TextOf<T> {
  return new Expr(functionCallNode('MD5', [value.node]), resultType(t.string(), [value]));
}

/**
 * The SHA-256 digest of the string, as 64 hex digits. NULL when the string is.
 * @example
 * select: (c) => ({ ip_hash: sha256(c.ip) }),
 * // prints SHA256(`ip`) AS `ip_hash`
 */
export function sha256<T extends string | null>(value: Text<T>): TextOf<T> {
  return new Expr(functionCallNode('SHA256', [value.node]), resultType(t.string(), [value]));
}
