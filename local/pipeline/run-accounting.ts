/** Accounting at the end of a run: where a missing event was last seen, and dead letters by reason. */
import type { Client } from '@elastic/elasticsearch';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';
import type { EventTimeline } from './event-timeline.js';
import type { DeadLetterReason } from './pipeline-types.js';

/**
 * Where each unaccounted event was last seen. One with no mark at all (the load never saw it
 * acknowledged) is looked up in Elasticsearch: present means the producer never read it, absent
 * means the load lost it. The lookup is a diagnostic: if it fails, the run's result still stands.
 */
export async function describeMissing(elasticsearch: Client, index: string, ids: readonly string[], timeline: EventTimeline): Promise<{ id: string; lastSeen: string }[]> {
  const unmarked = ids.filter((id) => timeline.lastMark(id) === undefined);
  let lookup: (id: string) => string = () => 'no mark';
  if (unmarked.length > 0) {
    try {
      const found = await elasticsearch.mget({ index, ids: unmarked, _source: false });
      const stored = new Set(found.docs.filter((document) => 'found' in document && document.found).map((document) => document._id));
      lookup = (id) => (stored.has(id) ? 'in Elasticsearch, never read by the producer' : 'not in Elasticsearch');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      lookup = () => `no mark (looking it up in Elasticsearch failed: ${reason})`;
    }
  }
  return ids.map((id) => ({ id, lastSeen: timeline.lastMark(id) ?? lookup(id) }));
}

/** Dead letters grouped by hop and reason (the reason's first clause: ids and values vary). */
export function reasonsOf(deadLetters: { readonly producer: readonly DeadLetter[]; readonly enricher: readonly DeadLetter[] }): DeadLetterReason[] {
  const counts = new Map<string, DeadLetterReason>();
  // The two hops by name, not the object's entries: a caller may pass an object holding more than the two lists.
  for (const hop of ['producer', 'enricher'] as const) {
    for (const letter of deadLetters[hop]) {
      const reason = letter.reason.split(/[:;(]/)[0]?.trim() ?? letter.reason;
      const key = `${hop}\u0000${reason}`;
      counts.set(key, { hop, reason, count: (counts.get(key)?.count ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
