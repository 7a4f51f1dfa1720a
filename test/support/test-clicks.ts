import type { ClickEvent } from '../../producer/click-event.js';

/** A valid click at `ts` with the given fields; the rest are plain defaults a job does not look at. */
export function testClick(ts: number, fields: Pick<ClickEvent, 'event_id' | 'user_id' | 'event_type' | 'url'> & Partial<ClickEvent>): ClickEvent {
  return { session_id: `${fields.user_id}-s`, referrer: null, ip: '10.0.0.1', zip: null, user_agent: 'test', price: null, ts, ...fields };
}
