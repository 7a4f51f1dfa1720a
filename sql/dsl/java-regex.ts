import { JobDefinitionError } from '../errors.js';

/** Letters Java's regex syntax gives a meaning after a backslash; any other letter there fails Pattern.compile. */
const JAVA_LETTER_ESCAPES = new Set('tnrfaecdDsSwWhHvVRXbBAGZzQEpPkxuN'.split(''));

/**
 * Java-only escapes, rewritten into what JavaScript's RegExp reads the same way for a syntax check: inside a
 * character class a class stands in for one character.
 */
const JAVA_ONLY_ESCAPES: Readonly<Record<string, readonly [outside: string, inside: string]>> = {
  a: ['\\x07', '\\x07'],
  e: ['\\x1b', '\\x1b'],
  h: ['[ \\t]', ' \\t'],
  H: ['[^ \\t]', 'h'],
  R: ['(?:\\r\\n|[\\n\\r])', '\\n'],
  X: ['.', 'x'],
  A: ['^', 'A'],
  Z: ['$', 'Z'],
  z: ['$', 'z'],
  G: ['', 'G'],
};

function invalid(usedIn: string, regex: string, problem: string): JobDefinitionError {
  return new JobDefinitionError(`${usedIn}: the regular expression '${regex}' is not valid: ${problem}`);
}

/**
 * Checks a regular expression the way Flink's REGEXP_* functions compile it (java.util.regex.Pattern), before a
 * running job meets it: Flink logs a bad pattern and returns NULL for every row. Java's syntax is translated into
 * JavaScript's where they differ (inline flags `(?i)`, possessive `a*+` and atomic `(?>...)` groups, `\A`, `\z`,
 * `\Q...\E`, `\p{Alpha}`, nested classes) and compiled by RegExp; what Java refuses but JavaScript reads as a
 * literal is refused here (`{` that starts no repetition, an unknown letter escape such as `\q`). A subset check:
 * a pattern it passes may still differ from Java in meaning at the edges (class intersections `[a-z&&[^e]]`).
 * Returns the number of capturing groups.
 */
export function checkJavaRegex(regex: string, usedIn: string): { readonly groups: number } {
  let out = '';
  let classDepth = 0;
  let index = 0;
  const at = (offset = 0): string => regex.charAt(index + offset);
  while (index < regex.length) {
    const char = at();
    if (char === '\\') {
      const next = at(1);
      if (next === '') throw invalid(usedIn, regex, 'it ends with a lone backslash');
      if (next === 'Q') {
        const end = regex.indexOf('\\E', index + 2);
        const quoted = regex.slice(index + 2, end === -1 ? regex.length : end);
        out += quoted.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        index = end === -1 ? regex.length : end + 2;
        continue;
      }
      if (/[A-Za-z]/.test(next) && !JAVA_LETTER_ESCAPES.has(next)) throw invalid(usedIn, regex, `\\${next} is not an escape Java knows (write ${next} alone for the letter)`);
      const rewrite = JAVA_ONLY_ESCAPES[next];
      if (rewrite !== undefined) {
        out += classDepth > 0 ? rewrite[1] : rewrite[0];
        index += 2;
        continue;
      }
      const braced = /^\\([pPxN])\{[^}]*\}|^\\[pP][A-Za-z]|^\\b\{g\}/.exec(regex.slice(index));
      if (braced !== null) {
        out += classDepth > 0 ? 'u' : '.';
        index += braced[0].length;
        continue;
      }
      if (next === '0' && !/[0-7]/.test(at(2))) throw invalid(usedIn, regex, '\\0 must be followed by an octal digit (\\0101)');
      if (next === 'x' && !/^[0-9A-Fa-f]{2}$/.test(regex.slice(index + 2, index + 4))) throw invalid(usedIn, regex, '\\x must be followed by two hex digits (\\x41) or braces (\\x{41})');
      out += char + next;
      index += 2;
      continue;
    }
    if (classDepth > 0) {
      // A nested class (Java's union `[a[bc]]`) merges into the outer one for the syntax check.
      if (char === '[') classDepth++;
      else if (char === ']') classDepth--;
      if ((char !== '[' && char !== ']') || classDepth === 0) out += char;
      index++;
      continue;
    }
    if (char === '[') {
      classDepth = 1;
      out += char;
      // A `]` right after `[` or `[^` is a literal in Java.
      const literalBracket = at(1) === ']' ? 1 : at(1) === '^' && at(2) === ']' ? 2 : 0;
      if (literalBracket > 0) {
        out += `${regex.slice(index + 1, index + literalBracket)}\\]`;
        index += literalBracket + 1;
        continue;
      }
      index++;
      continue;
    }
    if (char === '(' && at(1) === '?') {
      const group = /^\(\?(?:[:=!>]|<[=!]|<[A-Za-z][A-Za-z0-9]*>|[idmsuxU-]+[):])/.exec(regex.slice(index));
      if (group === null) throw invalid(usedIn, regex, `'${regex.slice(index, index + 4)}' starts no group Java knows ((?:...), (?=...), (?<name>...), (?i))`);
      const text = group[0];
      // Inline flags (`(?i)`) are left out; atomic and flagged groups become plain ones.
      if (!text.endsWith(')')) out += text === '(?>' || /^\(\?[idmsuxU-]+:$/.test(text) ? '(?:' : text;
      index += text.length;
      continue;
    }
    if (char === '{') {
      const repetition = /^\{\d+(,\d*)?\}/.exec(regex.slice(index));
      if (repetition === null) throw invalid(usedIn, regex, `the '{' at ${String(index + 1)} starts no repetition such as {2} or {1,3}; write \\{ for the character`);
      out += repetition[0];
      index += repetition[0].length;
      if (at() === '+') index++; // possessive
      continue;
    }
    out += char;
    index++;
    if ('*+?'.includes(char) && at() === '+') index++; // possessive: a*+
  }
  if (classDepth > 0) throw invalid(usedIn, regex, 'a character class [ is never closed');
  let compiled: RegExp;
  try {
    compiled = new RegExp(out);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error);
    throw invalid(usedIn, regex, reason);
  }
  // An alternative that matches the empty string shows how many groups there are.
  const groups = (new RegExp(`${compiled.source}|`).exec('') ?? ['']).length - 1;
  return { groups };
}
