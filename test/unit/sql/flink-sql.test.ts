import { describe, expect, it } from 'vitest';
import { columnNode } from '../../../sql/ast/column-node.js';
import { Expr } from '../../../sql/dsl/expression.js';
import { flinkSql, t } from '../../../sql/index.js';
import { printSql } from '../../../sql/printer/sql-printer.js';

const url = new Expr<string, 'string'>(columnNode('url', 'c'), t.string());
const int = flinkSql(t.nullable(t.int()));

describe('flinkSql, the escape hatch', () => {
  it('prints the author’s text in parentheses, with every argument quoted by the printer', () => {
    expect(printSql(int`CHAR_LENGTH(REGEXP_REPLACE(${url}, ${"[^/]'s"}, ''))`.node)).toBe("(CHAR_LENGTH(REGEXP_REPLACE(`c`.`url`, '[^/]''s', '')))");
    expect(printSql(int`POSITION('it''s' IN ${url})`.node)).toBe("(POSITION('it''s' IN `c`.`url`))");
  });

  it.each([
    ['a statement separator', () => int`CHAR_LENGTH(${url}); DROP TABLE x`, "contains a statement separator (';')"],
    ['a comment', () => int`CHAR_LENGTH(${url}) -- rest`, "contains a comment ('--')"],
    ['a block comment', () => int`CHAR_LENGTH(${url}) /* x */`, "contains a comment ('/*')"],
    ['a quoted identifier', () => int`CHAR_LENGTH(\`url\`)`, 'contains a quoted identifier (pass the column as ${c.column} instead)'],
    ['an argument inside a string', () => int`CHAR_LENGTH('${url}')`, 'puts argument 1 inside a string literal'],
    ['an open string', () => int`CHAR_LENGTH(${url}, 'x)`, 'leaves a string literal open'],
    ['an open parenthesis', () => int`CHAR_LENGTH(${url}`, 'leaves 1 parenthesis(es) open'],
    ['a parenthesis closed first', () => int`) OR (${url}`, 'closes a parenthesis it never opened'],
    ['no SQL of its own', () => int`${url}`, 'has no SQL of its own'],
  ])('refuses %s, naming the expression', (_, write, message) => {
    expect(write).toThrow(message);
    expect(write).toThrow(/^flinkSql: `/);
  });
});
