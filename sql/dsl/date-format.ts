import { functionCallNode } from '../ast/function-call-node.js';
import { literalNode } from '../ast/literal-node.js';
import { JobDefinitionError } from '../errors.js';
import { OR_FLINK_SQL } from './flink-sql.js';
import { t } from '../schema/column-types.js';
import { Expr } from './expression.js';
import { resultType } from './function-types.js';
import { checkTimeZone, wallClockText } from './time-zone.js';

/**
 * Pattern letters `dateFormat` takes, with how many of each: the ones Flink's DATE_FORMAT (Java's
 * DateTimeFormatter) prints the same way as the SimpleDateFormat patterns its docs describe. Others are refused
 * rather than guessed at: `Y` and `w` are week-based (the wrong year in the last days of December), `u`, `S`, `z` or
 * five letters mean different things in the two, and a DateTimeFormatter fails the running job on a letter it does
 * not know or on too many of one (`aa`).
 */
const PATTERN_LETTERS: Readonly<Record<string, { readonly max: number; readonly meaning: string }>> = {
  y: { max: 4, meaning: 'year (yyyy, yy)' },
  M: { max: 4, meaning: 'month (M, MM, MMM = Jan, MMMM = January)' },
  d: { max: 2, meaning: 'day of month' },
  D: { max: 3, meaning: 'day of year' },
  E: { max: 4, meaning: 'day of week (EEE = Mon, EEEE = Monday)' },
  a: { max: 1, meaning: 'AM/PM' },
  H: { max: 2, meaning: 'hour 0-23' },
  h: { max: 2, meaning: 'hour 1-12' },
  m: { max: 2, meaning: 'minute' },
  s: { max: 2, meaning: 'second' },
  S: { max: 3, meaning: 'fraction of a second (SSS = milliseconds)' },
};

/** Characters a DateTimeFormatter pattern reserves (optional sections, future use): quote them to print them. */
const RESERVED = new Set(['[', ']', '{', '}', '#']);

function patternError(pattern: string, problem: string): JobDefinitionError {
  const letters = Object.entries(PATTERN_LETTERS).map(([letter, { meaning }]) => `${letter} ${meaning}`).join(', ');
  return new JobDefinitionError(`dateFormat: the pattern '${pattern}' ${problem}; use ${letters}, and text in single quotes ('T', '' for a quote), ${OR_FLINK_SQL}`);
}

/** The letters a pattern uses (outside quoted text), each run once: `yyyy-MM-dd` -> y, M, d. Throws on what is not allowed. */
function checkDatePattern(pattern: string): Set<string> {
  if (pattern.length === 0) throw patternError(pattern, 'is empty');
  const used = new Set<string>();
  let index = 0;
  while (index < pattern.length) {
    const char = pattern.charAt(index);
    if (char === "'") {
      const end = pattern.indexOf("'", index + 1);
      if (end === -1) throw patternError(pattern, `has a quote at ${String(index + 1)} that is never closed`);
      index = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let run = 1;
      while (pattern.charAt(index + run) === char) run++;
      const letter = PATTERN_LETTERS[char];
      if (letter === undefined) throw patternError(pattern, `uses '${char}', which is not a pattern letter here`);
      if (run > letter.max) throw patternError(pattern, `has ${String(run)} '${char}' in a row (at most ${String(letter.max)})`);
      used.add(char);
      index += run;
      continue;
    }
    if (RESERVED.has(char)) throw patternError(pattern, `uses '${char}', which Flink's formatter reserves (write '${char}' in quotes)`);
    index++;
  }
  return used;
}

/**
 * An instant as text in a time zone, with a Java date pattern (`yyyy-MM-dd`, `EEE HH:mm`, `yyyy-MM-dd'T'HH`), e.g.
 * to key rows by the shop's local date. Month and day names are English (the JVM's locale). Null when the instant is.
 * Fractions of a second (`SSS`) are only there in UTC: a zone's wall clock comes from CONVERT_TZ, to the second.
 * @example
 * select: (c) => ({ local_date: dateFormat(c.event_time, 'yyyy-MM-dd', 'America/New_York') }),
 * // prints DATE_FORMAT(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 'yyyy-MM-dd') AS `local_date`
 * // and, in UTC, DATE_FORMAT(`event_time`, 'yyyy-MM-dd')
 */
export function dateFormat<T extends string | null>(timestamp: Expr<T, 'timestamp'>, pattern: string, zone: string): Expr<T, 'string'> {
  const letters = checkDatePattern(pattern);
  const { isSessionZone } = checkTimeZone(zone, 'dateFormat');
  if (!isSessionZone && letters.has('S')) {
    throw new JobDefinitionError(`dateFormat: '${pattern}' in '${zone}' asks for fractions of a second (S), which only 'UTC' has: Flink converts to another zone to the second; format in 'UTC', ${OR_FLINK_SQL}`);
  }
  // Elsewhere DATE_FORMAT formats the zone's wall-clock text (SimpleDateFormat; the letters allowed print the same).
  const wallClock = isSessionZone ? timestamp.node : wallClockText(timestamp.node, zone);
  return new Expr(functionCallNode('DATE_FORMAT', [wallClock, literalNode(pattern)]), resultType(t.string(), [timestamp])) as unknown as Expr<T, 'string'>;
}
