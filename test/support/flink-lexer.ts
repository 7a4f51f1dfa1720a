/**
 * An independent reading of Flink SQL's lexical rules for quoted tokens (Calcite's, with back-quoted
 * identifiers), used as the oracle for the quoting tests: it shares no code with sql/quoting.ts.
 *   `ident`   a back quote inside is written twice
 *   'text'    a single quote inside is written twice
 *   U&'text'  as above, plus \\ for a backslash and \XXXX (4 hex digits) for any character
 */
export type Token = { readonly kind: 'identifier' | 'string'; readonly value: string };

export function readQuotedToken(sql: string): { token: Token; rest: string } {
  if (sql.startsWith('`')) return readDelimited(sql, 1, '`', 'identifier', false);
  if (sql.startsWith("U&'")) return readDelimited(sql, 3, "'", 'string', true);
  if (sql.startsWith("'")) return readDelimited(sql, 1, "'", 'string', false);
  throw new Error(`no quoted token at: ${sql.slice(0, 20)}`);
}

function readDelimited(sql: string, start: number, quote: string, kind: Token['kind'], unicodeEscapes: boolean): { token: Token; rest: string } {
  let value = '';
  let index = start;
  for (;;) {
    const char = sql[index];
    if (char === undefined) throw new Error(`unterminated ${kind}: ${sql}`);
    if (char === quote) {
      if (sql[index + 1] === quote) {
        value += quote;
        index += 2;
        continue;
      }
      return { token: { kind, value }, rest: sql.slice(index + 1) };
    }
    if (unicodeEscapes && char === '\\') {
      if (sql[index + 1] === '\\') {
        value += '\\';
        index += 2;
        continue;
      }
      const hex = sql.slice(index + 1, index + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`bad unicode escape in ${sql}`);
      value += String.fromCharCode(parseInt(hex, 16));
      index += 5;
      continue;
    }
    // Raw control characters inside a literal would be legal for Flink but are a printer bug here.
    // eslint-disable-next-line no-control-regex -- detecting them is the point
    if (/[\u0000-\u001f\u007f]/.test(char)) throw new Error(`raw control character in ${JSON.stringify(sql)}`);
    value += char;
    index += 1;
  }
}
