import fc from 'fast-check';
import nodeSqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier, quoteString } from '../../../sql/quoting.js';
import { readQuotedToken } from '../../support/flink-lexer.js';

const HOSTILE = [
  "it's",
  "'; DROP TABLE `clicks`; --",
  'back`quote',
  '``',
  '-- not a comment',
  '/* not a comment */',
  'line\nbreak',
  'tab\there',
  'carriage\r\nreturn',
  'back\\slash',
  'ünïcödé € 😀',
  'قيمة',
  '\u007f',
  ' leading and trailing ',
];

/** Strings without NUL (which the quoting refuses), including every control character and emoji. */
const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((text) => !text.includes('\u0000'));

describe('quoteString', () => {
  it.each(HOSTILE)('reads back as exactly the same value: %j', (value) => {
    // Act
    const { token, rest } = readQuotedToken(quoteString(value));

    // Assess: one string token, the original value, nothing left over to become SQL.
    expect(token).toEqual({ kind: 'string', value });
    expect(rest).toBe('');
  });

  it('reads back exactly for any text (property)', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const { token, rest } = readQuotedToken(quoteString(value));
        return token.kind === 'string' && token.value === value && rest === '';
      }),
    );
  });

  it('is accepted by node-sql-parser wherever it prints a plain literal (property)', () => {
    const parser = new nodeSqlParser.Parser();
    fc.assert(
      fc.property(anyText, (value) => {
        const literal = quoteString(value);
        fc.pre(!literal.startsWith('U&')); // the parser does not know U& literals (see PARSER_GAPS)
        fc.pre(!value.includes('\\')); // it reads backslashes as MySQL escapes, Flink does not (see PARSER_GAPS)
        parser.astify(`SELECT \`a\` FROM \`t\` WHERE \`a\` = ${literal}`, { database: 'flinksql' });
      }),
    );
  });

  it('refuses a NUL character instead of printing it', () => {
    expect(() => quoteString('a\u0000b')).toThrow('contains a NUL character');
  });
});

// eslint-disable-next-line no-control-regex -- sorting hostile names into printable and refused
const CONTROL = /[\u0000-\u001f\u007f]/;

describe('quoteIdentifier', () => {
  it.each(HOSTILE.filter((name) => !CONTROL.test(name)))('reads back as exactly the same name: %j', (name) => {
    // Act
    const { token, rest } = readQuotedToken(quoteIdentifier(name));

    // Assess
    expect(token).toEqual({ kind: 'identifier', value: name });
    expect(rest).toBe('');
  });

  it('reads back exactly for any name without control characters (property)', () => {
    const names = anyText.filter((name) => !CONTROL.test(name));
    fc.assert(
      fc.property(names, (name) => {
        const { token, rest } = readQuotedToken(quoteIdentifier(name));
        return token.kind === 'identifier' && token.value === name && rest === '';
      }),
    );
  });

  it.each(HOSTILE.filter((name) => CONTROL.test(name)))('refuses a name with a control character: %j', (name) => {
    expect(() => quoteIdentifier(name)).toThrow(`the name ${JSON.stringify(name)} contains a control character`);
  });

  it('refuses an empty name', () => {
    expect(() => quoteIdentifier('')).toThrow('cannot be empty');
  });
});
