import { WindowError } from '../errors.js';

/** Units a duration may be written in, and the short suffix feature names use for each. */
const UNIT_SUFFIXES = {
  s: 's', sec: 's', second: 's', seconds: 's',
  min: 'm', minute: 'm', minutes: 'm',
  h: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
} as const;

type Unit = keyof typeof UNIT_SUFFIXES;

/** A duration as job files write it: `'30 s'`, `'1 min'`, `'30 minutes'`, `'1 h'`, `'7 days'`. */
export type Duration = `${number} ${Unit}`;

/** The compact form used in feature names, computed at the type level: `'30 min'` -> `'30m'`. */
export type DurationSuffix<D extends Duration> = D extends `${infer N extends number} ${infer U extends Unit}`
  ? `${N}${(typeof UNIT_SUFFIXES)[U]}`
  : never;

const SQL_UNITS = { s: 'SECOND', m: 'MINUTE', h: 'HOUR', d: 'DAY' } as const;
const MILLIS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export interface ParsedDuration {
  readonly amount: number;
  readonly unit: (typeof SQL_UNITS)[keyof typeof SQL_UNITS];
  readonly suffix: string;
  readonly millis: number;
}

/** Parses and checks a duration at run time too (a job file may build one from a variable). */
export function parseDuration(duration: string, usedFor: string): ParsedDuration {
  const match = /^(\d+) ([a-z]+)$/.exec(duration);
  const unit = match?.[2];
  if (match === null || unit === undefined || !(unit in UNIT_SUFFIXES)) {
    throw new WindowError(
      `${usedFor}: '${duration}' is not a duration; write a whole number, a space and a unit (s, min, h, d), e.g. '30 min'`,
    );
  }
  const amount = Number(match[1]);
  if (amount <= 0) throw new WindowError(`${usedFor}: '${duration}' must be longer than zero`);
  const short = UNIT_SUFFIXES[unit as Unit];
  return { amount, unit: SQL_UNITS[short], suffix: `${amount}${short}`, millis: amount * MILLIS[short] };
}
