/**
 * What a job test feeds a job, in order: events typed by their source's schema, records that are not
 * valid events, and explicit watermark advances. The input always ends after the last step, which
 * flushes every window still open (Flink's final watermark).
 */
import type { ReferenceTable } from '../sql/dsl/reference-table.js';
import type { Columns, RecordOf, Source } from '../sql/dsl/source.js';
import { at } from './time.js';

/** A full record of a source, or one per event number (1, 2, ... within one run) for values that must differ. */
export type RecordDefaults<Cols extends Columns> = RecordOf<Cols> | ((eventNumber: number) => RecordOf<Cols>);

export interface EventStep {
  readonly kind: 'event';
  readonly source: Source;
  /** The values the test gave; the rest come from the defaults when the run numbers its events. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly defaults: (eventNumber: number) => Readonly<Record<string, unknown>>;
}

/** A record on the source's stream as raw text: not JSON, or JSON that breaks the source's schema. */
export interface RawRecordStep {
  readonly kind: 'raw';
  readonly source: Source;
  readonly text: string;
}

export interface WatermarkStep {
  readonly kind: 'watermark';
  /** Epoch milliseconds. */
  readonly at: number;
}

export type Step = EventStep | RawRecordStep | WatermarkStep;

/** An event builder for one source: `click({ user_id: 'u2', ts: at('10:05') })`. */
export type EventBuilder<Cols extends Columns> = (values?: Partial<RecordOf<Cols>>) => EventStep;

/**
 * Events of `source` that need only the columns a test is about: every other column comes from
 * `defaults` (a misspelt column or a wrong type is a compile error in both). Example:
 *
 * ```ts
 * const click = eventsOf(clicks, (n) => ({ event_id: `e${n}`, user_id: 'u1', ..., ts: at('10:00') }));
 * click({ url: '/cart', ts: at('10:05') });
 * ```
 */
export function eventsOf<Cols extends Columns>(source: Source<Cols>, defaults: RecordDefaults<Cols>): EventBuilder<Cols> {
  const defaultsOf = typeof defaults === 'function' ? defaults : () => defaults;
  return (values = {}) => ({ kind: 'event', source, values, defaults: defaultsOf });
}

/**
 * A record on `source`'s stream that is not a valid event, e.g. `rawRecord(clicks, '{"user_id": ')` (cut
 * short) or `rawRecord(clicks, JSON.stringify({ user_id: 'u1' }))` (columns missing): what another writer,
 * a schema drift or a truncated write puts there, bypassing the producer's validation.
 */
export function rawRecord(source: Source, text: string): RawRecordStep {
  return { kind: 'raw', source, text };
}

/**
 * Advances every source's watermark to `time` (epoch milliseconds, or a time `at` reads such as
 * `'10:40'`): event-time windows that end at or before it fire, and an event at or before it is late.
 * A watermark behind the current one changes nothing, as in Flink.
 */
export function watermark(time: number | string): WatermarkStep {
  return { kind: 'watermark', at: typeof time === 'string' ? at(time) : time };
}

/** The rows of a reference table a job looks up, for one run: `referenceRows(zipCodes, [{ zip: '10001', ... }])`. */
export interface ReferenceRows {
  readonly table: ReferenceTable;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

export function referenceRows<Cols extends Columns>(table: ReferenceTable<Cols>, rows: readonly RecordOf<Cols>[]): ReferenceRows {
  return { table: table, rows };
}
