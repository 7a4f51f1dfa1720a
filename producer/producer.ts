/**
 * The producer's loop: read a page of documents in order, normalize each, send the valid ones to the
 * raw stream and the rest to the dead-letter stream, then save the position. One page is in flight
 * while the next is being read, so a kill -9 re-sends at most one page.
 *
 * backfill: a closed range of sort timestamps, then the documents that have no sort timestamp at all
 * (missing or unparsable to Elasticsearch), which a range query never sees; then it ends.
 * tail: follows the index; a poll reads from the newest position on, and every `rereadIntervalMs` a
 * poll re-reads `overlap` before it, because a document can become visible (refresh, ingest lag, a
 * retried bulk item) after later ones were read. Documents read again inside the overlap are dropped by id. Every poll also sweeps the documents without a sort
 * timestamp (a range never matches them), skipping the ids swept before: without that, tail mode
 * would silently never send, nor dead-letter, a document whose timestamp is missing or unparsable.
 */
import type { Client } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLICK_EVENT_COLUMNS, type ClickEvent } from './click-event.js';
import { zeroCounts, type Checkpoint, type CheckpointStore, type ProducerCounts } from './checkpoint.js';
import type { DeadLetterSink, RejectedDocument } from '../common/dead-letter/dead-letter.js';
import { readPages, type ReadOptions, type ReadRange, type SourceDocument } from './es-reader.js';
import type { KinesisRecordWriter, OutgoingRecord } from '../common/kinesis-writer.js';
import { normalizeClick } from './normalize.js';

export interface ProducerParts {
  readonly elasticsearch: Client;
  readonly read: ReadOptions;
  readonly records: KinesisRecordWriter;
  readonly deadLetters: DeadLetterSink;
  readonly checkpoints: CheckpointStore;
  /** Progress after every page. */
  readonly onProgress?: (progress: Progress) => void;
  /** Aborting stops reading; the page in flight is finished and checkpointed first. */
  readonly signal?: AbortSignal;
}

export interface Progress {
  readonly phase: Checkpoint['phase'] | 'waiting';
  readonly counts: Readonly<ProducerCounts>;
  /** Sort timestamp of the newest acknowledged document. */
  readonly position: number | null;
  /** How far the position is behind the newest document (backfill: the end of the range; tail: now). */
  readonly lagMs: number | null;
}

export interface ProducerSummary {
  readonly job: string;
  readonly outcome: 'done' | 'stopped' | 'already-done';
  readonly counts: Readonly<ProducerCounts>;
  readonly position: number | null;
  readonly seconds: number;
}

export interface TailOptions {
  /** Where to start without a checkpoint (epoch ms); default: now minus the overlap. */
  readonly from?: number;
  readonly overlapMs: number;
  readonly pollIntervalMs: number;
  /**
   * How often a poll re-reads the overlap; the polls in between read from the position on. A re-read
   * covers one overlap before the position of the re-read before it, so a document that becomes
   * visible up to one overlap behind the position is sent, as with a re-read on every poll, only up to
   * this much (plus a poll) later. Re-reading costs `overlap x rate` documents, so on every poll it
   * would read the same documents overlap / poll interval times over. 0: every poll.
   */
  readonly rereadIntervalMs: number;
}

/**
 * The field of a raw record that says when the producer sent it (epoch ms), after the event's columns.
 * It splits the producer's hop in two wherever latency is measured: Elasticsearch to the producer
 * (refresh, poll, read) and the PutRecords to Kinesis (send to arrival). The jobs do not declare it,
 * and Flink's JSON format ignores fields a table does not declare.
 */
export const SENT_AT_FIELD = 'sent_at';

/** The raw stream's record data for an event: its columns in declared order, then when it was sent, as JSON. */
export function rawRecordJson(event: ClickEvent, sentAt: number): string {
  const ordered: Record<string, unknown> = {};
  for (const column of CLICK_EVENT_COLUMNS) ordered[column] = event[column];
  ordered[SENT_AT_FIELD] = sentAt;
  return JSON.stringify(ordered);
}

/** The record the raw stream gets, partitioned by user. */
function toRecord(event: ClickEvent, document: SourceDocument, sentAt: number): OutgoingRecord<SourceDocument> {
  return { partitionKey: event.user_id, data: new TextEncoder().encode(rawRecordJson(event, sentAt)), tag: document };
}

class ProducerRun {
  private checkpoint: Checkpoint;
  private readonly started = Date.now();

  constructor(
    private readonly parts: ProducerParts,
    readonly job: string,
    resumed: Checkpoint | undefined,
  ) {
    this.checkpoint = resumed ?? { job, phase: 'range', timestamp: null, idsAtTimestamp: [], sweptIds: [], counts: zeroCounts(), savedAt: new Date().toISOString() };
  }

  get phase(): Checkpoint['phase'] {
    return this.checkpoint.phase;
  }

  get position(): number | null {
    return this.checkpoint.timestamp;
  }

  get idsAtPosition(): ReadonlySet<string> {
    return new Set(this.checkpoint.idsAtTimestamp);
  }

  get sweptIds(): ReadonlySet<string> {
    return new Set(this.checkpoint.sweptIds);
  }

  get counts(): Readonly<ProducerCounts> {
    return this.checkpoint.counts;
  }

  get stopping(): boolean {
    return this.parts.signal?.aborted === true;
  }

  /** Sends one page (already filtered of documents sent before) and saves the position after it. */
  async sendPage(page: readonly SourceDocument[], lagFrom: () => number | null): Promise<void> {
    const counts = { ...this.checkpoint.counts };
    counts.read += page.length;
    const rejected: RejectedDocument[] = [];
    const valid: { event: ClickEvent; document: SourceDocument }[] = [];
    for (const document of page) {
      const normalized = normalizeClick(document.source);
      if (normalized.ok) valid.push({ event: normalized.event, document });
      else rejected.push({ index: document.index, id: document.id, source: document.source, reason: normalized.reason });
    }
    // Stamped once normalized, just before they are encoded and written: the send hop holds the encoding
    // and the PutRecords (a later request of the page and a retried entry keep the stamp, and their wait).
    const sentAt = Date.now();
    const outgoing = valid.map(({ event, document }) => toRecord(event, document, sentAt));
    const outcomes = await this.parts.records.write(outgoing);
    for (const outcome of outcomes) {
      if (outcome.ok) counts.sent += 1;
      else rejected.push({ index: outcome.tag.index, id: outcome.tag.id, source: outcome.tag.source, reason: outcome.reason });
    }
    await this.parts.deadLetters.write(rejected);
    counts.deadLettered += rejected.length;
    counts.batches += 1;
    await this.save({ ...this.advance(page), counts });
    const position = this.checkpoint.timestamp;
    const newest = lagFrom();
    this.parts.onProgress?.({ phase: this.checkpoint.phase, counts: this.checkpoint.counts, position, lagMs: newest === null || position === null ? null : Math.max(0, newest - position) });
  }

  /** The position after `page`: its last sort timestamp and the ids acknowledged at exactly that time. */
  private advance(page: readonly SourceDocument[]): Pick<Checkpoint, 'timestamp' | 'idsAtTimestamp' | 'sweptIds'> {
    if (this.checkpoint.phase === 'sweep') return { timestamp: this.checkpoint.timestamp, idsAtTimestamp: this.checkpoint.idsAtTimestamp, sweptIds: [...this.checkpoint.sweptIds, ...page.map((document) => document.id)] };
    let timestamp = this.checkpoint.timestamp;
    let ids = [...this.checkpoint.idsAtTimestamp];
    const swept = [...this.checkpoint.sweptIds];
    for (const document of page) {
      const at = document.sortTimestamp;
      if (at === null) {
        // Read by tail's sweep: remembered by id, since it has no position.
        swept.push(document.id);
        continue;
      }
      // Tail re-reads older documents inside the overlap; the position only moves forward.
      if (timestamp === null || at > timestamp) {
        timestamp = at;
        ids = [document.id];
      } else if (at === timestamp) {
        ids.push(document.id);
      }
    }
    return { timestamp, idsAtTimestamp: ids, sweptIds: swept };
  }

  async save(changes: Partial<Checkpoint>): Promise<void> {
    this.checkpoint = { ...this.checkpoint, ...changes, savedAt: new Date().toISOString() };
    await this.parts.checkpoints.save(this.checkpoint);
  }

  summary(outcome: ProducerSummary['outcome']): ProducerSummary {
    return { job: this.job, outcome, counts: this.counts, position: this.checkpoint.timestamp, seconds: (Date.now() - this.started) / 1000 };
  }

  addSkipped(count: number): void {
    this.checkpoint = { ...this.checkpoint, counts: { ...this.checkpoint.counts, duplicatesSkipped: this.checkpoint.counts.duplicatesSkipped + count } };
  }
}

async function openRun(parts: ProducerParts, job: string): Promise<ProducerRun> {
  const resumed = await parts.checkpoints.load();
  if (resumed !== undefined && resumed.job !== job) {
    throw new Error(
      `checkpoint ${parts.checkpoints.description} belongs to another run (${resumed.job}), not to ${job}; give this run its own checkpoint, or delete that one to start over`,
    );
  }
  return new ProducerRun(parts, job, resumed);
}

/** Reads documents with the given range and sends each page, skipping what `alreadySent` says. */
async function drain(run: ProducerRun, parts: ProducerParts, range: ReadRange, alreadySent: (document: SourceDocument) => boolean, lagFrom: () => number | null): Promise<boolean> {
  for await (const page of readPages(parts.elasticsearch, parts.read, range)) {
    const fresh = page.filter((document) => !alreadySent(document));
    run.addSkipped(page.length - fresh.length);
    if (fresh.length > 0) await run.sendPage(fresh, lagFrom);
    if (run.stopping) return false;
  }
  return true;
}

export async function backfill(parts: ProducerParts, range: { readonly from: number; readonly to: number }): Promise<ProducerSummary> {
  const job = `backfill ${parts.read.index} ${new Date(range.from).toISOString()}..${new Date(range.to).toISOString()}`;
  const run = await openRun(parts, job);
  if (run.phase === 'done') return run.summary('already-done');
  const lagFrom = () => range.to;
  if (run.phase === 'range') {
    const position = run.position;
    const idsAtPosition = run.idsAtPosition;
    const finished = await drain(
      run,
      parts,
      { kind: 'range', from: position ?? range.from, to: range.to },
      (document) => document.sortTimestamp === position && idsAtPosition.has(document.id),
      lagFrom,
    );
    if (!finished) return run.summary('stopped');
    await run.save({ phase: 'sweep' });
  }
  const swept = run.sweptIds;
  const finished = await drain(run, parts, { kind: 'without-sort-field' }, (document) => swept.has(document.id), lagFrom);
  if (!finished) return run.summary('stopped');
  await run.save({ phase: 'done' });
  return run.summary('done');
}

export async function tail(parts: ProducerParts, options: TailOptions): Promise<ProducerSummary> {
  const job = `tail ${parts.read.index}`;
  const run = await openRun(parts, job);
  // Ids sent within the overlap, by sort timestamp, to drop documents read again. A restart starts
  // with the ids at the saved position only, so it may re-send up to one overlap of documents.
  const recent = new Map<string, number>();
  const resumedAt = run.position;
  if (resumedAt !== null) for (const id of run.idsAtPosition) recent.set(id, resumedAt);
  const lagFrom = () => Date.now();
  const initial = run.position ?? options.from ?? Date.now() - options.overlapMs;
  let lastReread = Number.NEGATIVE_INFINITY;
  // The position when the last re-read began. The next re-read starts one overlap before it, not
  // before the position then: a document that became visible in between, up to one overlap behind
  // the position at that moment, is inside what the next re-read covers, as with a re-read every poll.
  let anchor = initial;
  for (;;) {
    const position = run.position ?? initial;
    // A poll reads from the position itself, not after it: documents at that very time may still come in.
    let from = position;
    if (Date.now() - lastReread >= options.rereadIntervalMs) {
      from = anchor - options.overlapMs;
      anchor = position;
      lastReread = Date.now();
    }
    const finished = await drain(
      run,
      parts,
      { kind: 'range', from: Math.max(0, from) },
      (document) => {
        if (recent.has(document.id)) return true;
        recent.set(document.id, document.sortTimestamp ?? 0);
        return false;
      },
      lagFrom,
    );
    if (!finished) return run.summary('stopped');
    const swept = run.sweptIds;
    if (!(await drain(run, parts, { kind: 'without-sort-field' }, (document) => swept.has(document.id), lagFrom))) return run.summary('stopped');
    // Ids the next re-read can meet again: from one overlap before the anchor on.
    const horizon = anchor - options.overlapMs;
    for (const [id, at] of recent) if (at < horizon) recent.delete(id);
    parts.onProgress?.({ phase: 'waiting', counts: run.counts, position: run.position, lagMs: run.position === null ? null : Date.now() - run.position });
    try {
      await sleep(options.pollIntervalMs, undefined, parts.signal === undefined ? {} : { signal: parts.signal });
    } catch {
      return run.summary('stopped');
    }
  }
}
