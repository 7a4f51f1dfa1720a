/**
 * Where the producer is in the index, saved after every acknowledged batch so a restart (even after
 * kill -9) resumes without losing or re-sending acknowledged documents.
 *
 * The position is the sort timestamp (epoch ms, as Elasticsearch reads the sort field) of the last
 * document that is acknowledged along with everything before it, plus the ids acknowledged at that
 * exact timestamp. A restart queries `timestamp >= position` and skips those ids. `_shard_doc`, the
 * tie-breaker that keeps one read's order stable, belongs to one point in time and means nothing to
 * the next process, so it is not saved.
 */
export interface Checkpoint {
  /** What the producer was doing, so a resumed run checks it is the same job. */
  readonly job: string;
  /** 'range': reading documents by sort timestamp; 'sweep': the documents without one; 'done'. */
  readonly phase: 'range' | 'sweep' | 'done';
  readonly timestamp: number | null;
  readonly idsAtTimestamp: readonly string[];
  /** Documents without a usable sort timestamp that were already handled (sweep phase). */
  readonly sweptIds: readonly string[];
  readonly counts: ProducerCounts;
  readonly savedAt: string;
}

export interface ProducerCounts {
  read: number;
  sent: number;
  deadLettered: number;
  batches: number;
  /** Documents read again (tail overlap, resumed position) and dropped because they were already sent. */
  duplicatesSkipped: number;
}

export function zeroCounts(): ProducerCounts {
  return { read: 0, sent: 0, deadLettered: 0, batches: 0, duplicatesSkipped: 0 };
}

export interface CheckpointStore {
  /** A short description for logs, e.g. the file path or table/key. */
  readonly description: string;
  load(): Promise<Checkpoint | undefined>;
  save(checkpoint: Checkpoint): Promise<void>;
}
