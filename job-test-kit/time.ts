/**
 * Instants in job tests. A test reads best in clock times of one day (`at('10:00')`), so `at` places a
 * time of day on a fixed UTC day; a test about midnight or several days gives a full ISO instant.
 */

/** The day `at('HH:mm')` falls on: a Monday, UTC (a day-of-week feature then starts from a known day). */
export const TEST_DAY = '2026-01-05';

const CLOCK_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Epoch milliseconds of a clock time on {@link TEST_DAY} (`'10:00'`, `'10:00:30'`, `'10:00:30.250'`) or
 * of a full ISO-8601 instant (`'2026-01-06T00:00:00Z'`), as the `ts` column of a click carries it.
 */
export function at(time: string): number {
  const clock = CLOCK_TIME.exec(time);
  const iso = clock === null ? time : `${TEST_DAY}T${clock[1] ?? '00'}:${clock[2] ?? '00'}:${clock[3] ?? '00'}.${(clock[4] ?? '').padEnd(3, '0')}Z`;
  const millis = Date.parse(iso);
  if (!Number.isFinite(millis) || (clock === null && !/[zZ]|[+-]\d{2}:\d{2}$/.test(time))) {
    throw new TypeError(`at('${time}'): expected a clock time such as '10:00' or '10:00:30.250', or an ISO-8601 instant with its zone such as '2026-01-06T00:00:00Z'`);
  }
  return millis;
}

/** Flink's ISO-8601 text of a time: seconds always, the fraction only when it is not zero (`10:00:00`, `10:00:00.25`), as `DateTimeFormatter.ISO_LOCAL_TIME` writes it. */
function flinkIsoLocal(millis: number): string {
  const [whole = '', fraction = ''] = new Date(millis).toISOString().slice(0, -1).split('.');
  const digits = fraction.replace(/0+$/, '');
  return digits === '' ? whole : `${whole}.${digits}`;
}

/**
 * A TIMESTAMP_LTZ value (an instant: `event_time`, `min(c.event_time)`) as the job's JSON rows carry it, e.g.
 * `instant('10:00')` is `'2026-01-05T10:00:00Z'`.
 */
export function instant(time: string): string {
  return `${flinkIsoLocal(at(time))}Z`;
}

/**
 * A TIMESTAMP value (no zone: window bounds such as `window_start`, in the jobs' UTC session zone) as the
 * job's JSON rows carry it, e.g. `timestamp('10:00')` is `'2026-01-05T10:00:00'`.
 */
export function timestamp(time: string): string {
  return flinkIsoLocal(at(time));
}

/** A short label for a watermark in messages: the clock time on the test day, or the full instant. */
export function describeInstant(millis: number): string {
  const iso = new Date(millis).toISOString();
  return iso.startsWith(`${TEST_DAY}T`) ? iso.slice(TEST_DAY.length + 1, iso.endsWith('.000Z') ? -5 : -1) : iso;
}
