/**
 * The clickstream event the producer writes to the raw stream: exactly the columns the jobs declare
 * for `clicks` (jobs/sources.ts). The zod schema is checked against that declaration at compile time,
 * so a column added to or renamed in the source breaks this file's build, not a job at run time.
 */
import { z } from 'zod';
import { clicks } from '../jobs/sources.js';
import type { RecordOf } from '../sql/index.js';

export type ClickEvent = RecordOf<typeof clicks.declaredColumns>;

/** Longest string value accepted; longer ones are junk (a page dump in a `url`), not an event. */
const MAX_TEXT = 4096;
const text = z.string().min(1, 'must not be empty').max(MAX_TEXT, `is longer than ${MAX_TEXT} characters`);

/** 2000-01-01 to 2100-01-01: anything outside is a unit mix-up (seconds for milliseconds), not a click. */
export const PLAUSIBLE_TIME_MS = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) } as const;

export const clickEventSchema = z
  .object({
    event_id: text,
    user_id: text,
    session_id: text,
    event_type: text,
    url: text,
    referrer: text.nullable(),
    ip: text,
    zip: text.nullable(),
    user_agent: text,
    price: z.number().nullable(),
    ts: z
      .number()
      .int()
      .min(PLAUSIBLE_TIME_MS.from, 'is before the year 2000')
      .max(PLAUSIBLE_TIME_MS.to, 'is after the year 2100'),
  })
  .strict();

// Both directions: the schema produces exactly the declared record, and accepts every declared record.
type SchemaOutput = z.infer<typeof clickEventSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesSource: Same<SchemaOutput, { -readonly [K in keyof ClickEvent]: ClickEvent[K] }> = true;

/** Columns in the order the source declares them: the order of keys in every record written. */
export const CLICK_EVENT_COLUMNS = Object.keys(clicks.declaredColumns) as (keyof ClickEvent)[];
