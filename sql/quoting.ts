/**
 * The only place identifiers and literals become SQL text. Everything a job author writes (column
 * names, string values, stream names, connector options) passes through these functions, so no
 * user input is ever concatenated into SQL unquoted.
 */

/**
 * A Flink SQL identifier in back quotes; a back quote inside is doubled, as Flink's parser expects.
 * Control characters (newlines, tabs, NUL) have no place in a column or table name and are refused.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('an SQL identifier cannot be empty');
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new Error(`the name ${JSON.stringify(name)} contains a control character`);
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * A Flink SQL string literal in single quotes; a single quote inside is doubled. Control characters
 * (newlines, tabs, ...) are written as a Unicode-escape literal (U&'...') so the generated SQL stays
 * one readable line per literal and no character can end a statement or start a comment.
 */
export function quoteString(value: string): string {
  if (value.includes('\u0000')) throw new Error(`the string ${JSON.stringify(value)} contains a NUL character`);
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (!/[\u0001-\u001f\u007f]/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "'") escaped += "''";
    else if (char === '\\') escaped += '\\\\';
    else if (code < 0x20 || code === 0x7f) escaped += `\\${code.toString(16).padStart(4, '0')}`;
    else escaped += char;
  }
  return `U&'${escaped}'`;
}

/** A numeric literal: finite numbers only, printed without exponent for integers. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number and has no SQL literal`);
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}
