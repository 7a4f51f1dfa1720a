/**
 * A finite run's last document. An event-time job emits a row once its watermark (the newest event
 * time seen minus the source's watermark delay) has passed the row's time; after the last generated
 * event nothing moves the watermark, so the last few seconds of rows would wait forever. A live site
 * never stops clicking; a finite run ends with this marker, a minute of event time after the last
 * click. It is a valid click of its own user, is not one of the generated events, and is not counted.
 */
import type { SyntheticClick } from '../../clickstream-generator/clickstream.js';

export const FLUSH_MARKER_USER = 'pipeline-run-end';

export function flushMarker(clicks: readonly SyntheticClick[]): { readonly id: string; readonly document: Record<string, unknown> } {
  let last = 0;
  for (const click of clicks) if (click.event !== null && click.event.ts > last) last = click.event.ts;
  const at = new Date(last + 60_000).toISOString();
  const id = `${FLUSH_MARKER_USER}-${String(last)}`;
  return {
    id,
    document: { '@timestamp': at, ts: at, event_id: id, user_id: FLUSH_MARKER_USER, session_id: FLUSH_MARKER_USER, event_type: 'view', url: '/', ip: '10.1.0.1', user_agent: FLUSH_MARKER_USER },
  };
}
