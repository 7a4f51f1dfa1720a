import { sqlFragmentNode } from '../ast/sql-fragment-node.js';
import { JobDefinitionError } from '../errors.js';
import type { ColumnType, TypeCategory } from '../schema/column-types.js';
import { Expr, toNode } from './expression.js';

type Argument = Expr<unknown> | string | number | boolean;

/** The end of a refusal of something the DSL leaves out on purpose: where to go instead. */
export const OR_FLINK_SQL = 'or, knowing the trade-off, write the expression in Flink SQL with flinkSql (docs/dsl.md, "The escape hatch")';

/**
 * What the author's text may not contain outside string literals: anything that could end the
 * expression or hide the rest of the statement, and identifier quotes (columns come in as arguments,
 * so they are quoted by the printer and renamed with their table).
 */
const FORBIDDEN: readonly (readonly [string, string])[] = [
  [';', 'a statement separator'],
  ['--', 'a comment'],
  ['/*', 'a comment'],
  ['`', 'a quoted identifier (pass the column as ${c.column} instead)'],
  ['"', 'a double quote'],
];

/** Checks the text around the arguments: balanced parentheses and quotes, no argument inside a string literal, nothing forbidden. */
function checkText(text: readonly string[], shown: string): void {
  if (text.join('').trim() === '' && text.length <= 2) throw new JobDefinitionError(`flinkSql: ${shown} has no SQL of its own; use the argument itself`);
  let depth = 0;
  let inString = false as boolean; // set inside the loops below, which the checker does not follow
  for (const [index, part] of text.entries()) {
    for (let at = 0; at < part.length; at++) {
      const char = part[at] as string;
      if (inString) {
        // '' inside a string literal is a quote, not its end.
        if (char === "'" && part[at + 1] === "'") at++;
        else if (char === "'") inString = false;
        continue;
      }
      if (char === "'") inString = true;
      else if (char === '(') depth++;
      else if (char === ')' && --depth < 0) throw new JobDefinitionError(`flinkSql: ${shown} closes a parenthesis it never opened`);
      else {
        const forbidden = FORBIDDEN.find(([token]) => part.startsWith(token, at));
        if (forbidden !== undefined) throw new JobDefinitionError(`flinkSql: ${shown} contains ${forbidden[1]} ('${forbidden[0]}'), which an expression cannot hold`);
      }
    }
    if (inString && index < text.length - 1) throw new JobDefinitionError(`flinkSql: ${shown} puts argument ${index + 1} inside a string literal; pass the whole value as an argument instead`);
  }
  if (inString) throw new JobDefinitionError(`flinkSql: ${shown} leaves a string literal open`);
  if (depth !== 0) throw new JobDefinitionError(`flinkSql: ${shown} leaves ${depth} parenthesis(es) open`);
}

/**
 * The escape hatch: a Flink SQL expression the DSL has no construct for, with its result type
 * declared. Columns and constants go in as `${...}` arguments, quoted like everywhere else; the
 * text around them is yours (no `;`, comments or quoted identifiers). Flink's planner checks the
 * expression when the job is explained or tested, and the runner refuses the job when a column's
 * declared type is not the type Flink computes, so a wrong `type` fails `npm run test-jobs`, never
 * a deployed job. Declare it nullable unless the expression can never be NULL.
 * @example
 * select: (c) => ({ path_depth: flinkSql(t.nullable(t.int()))`CARDINALITY(SPLIT(${c.url}, '/'))` }),
 * // prints (CARDINALITY(SPLIT(`url`, '/'))) AS `path_depth`
 */
export function flinkSql<T, C extends TypeCategory>(type: ColumnType<T, C>): (text: TemplateStringsArray, ...args: Argument[]) => Expr<T, C> {
  return (text, ...args) => {
    const shown = `\`${text.reduce((all, part, index) => `${all}\${${String(index)}}${part}`)}\``;
    checkText(text, shown);
    return new Expr(sqlFragmentNode(text, args.map(toNode)), type);
  };
}
