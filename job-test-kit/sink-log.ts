/**
 * Reads what the runner's `job-test-sink` wrote: rows and watermarks in the order they reached the sink. A
 * row fired by a watermark reaches the sink just before that watermark does, so each row is labelled with
 * the first watermark after it: the advance that emitted it (or, for a row emitted on an event's arrival,
 * the advance that event caused); `'end'` when the end of the input flushed it.
 */
import { readFileSync } from 'node:fs';

export type EmittedAt = number | 'end';

export interface EmittedRow {
  readonly row: Readonly<Record<string, unknown>>;
  /** The watermark (epoch ms) whose advance emitted the row, or `'end'` for the end of the input. */
  readonly emittedAt: EmittedAt;
  /** 1-based position among the rows, in the order they reached the sink. */
  readonly position: number;
}

/**
 * The latest instant a JavaScript Date holds. The end of input reaches the sink as Flink's final watermark
 * (Long.MAX_VALUE), or less an interval join's bound (the join holds its output watermark back by it): either
 * way far beyond this, and it means the end of input.
 */
const LAST_INSTANT = 8.64e15;

type LogLine = { readonly row: Record<string, unknown> } | { readonly watermark: number } | { readonly end: true };

export interface SinkLog {
  readonly rows: readonly EmittedRow[];
  /** Every watermark that reached the sink, in order. */
  readonly watermarks: readonly number[];
}

export function readSinkLog(path: string): SinkLog {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogLine);
  const rows: EmittedRow[] = [];
  const watermarks: number[] = [];
  let pending: Readonly<Record<string, unknown>>[] = [];
  const settle = (emittedAt: EmittedAt): void => {
    for (const row of pending) rows.push({ row, emittedAt, position: rows.length + 1 });
    pending = [];
  };
  for (const line of lines) {
    if ('row' in line) pending.push(line.row);
    else if ('watermark' in line && line.watermark < LAST_INSTANT) {
      watermarks.push(line.watermark);
      settle(line.watermark);
    } else settle('end');
  }
  settle('end');
  return { rows, watermarks };
}
