/**
 * Writes generated clicks to Elasticsearch with the client's bulk helper, as fast as it can or at a
 * target rate (a steady site rather than a backfill), reporting progress as it goes. A document
 * Elasticsearch refuses is counted and its first refusal kept: a load that lost documents says so.
 */
import type { Client } from '@elastic/elasticsearch';
import type { helpers } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SyntheticClick } from './clickstream.js';

export interface LoadProgress {
  readonly indexed: number;
  readonly failed: number;
  readonly elapsedMs: number;
}

export interface LoadOptions {
  readonly index: string;
  /** Documents per second; undefined: as fast as Elasticsearch takes them. */
  readonly ratePerSecond?: number;
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly progressEveryMs?: number;
  /** Called with each click as it is handed to the bulk helper (to write its label, say). */
  readonly onClick?: (click: SyntheticClick) => void;
  /** Called with each document's id when Elasticsearch acknowledged it (for hop latencies). */
  readonly onIndexed?: (id: string, at: number) => void;
  /**
   * Bulk requests in flight (default 4). One keeps documents visible in the order they were
   * generated, which an event-time reader downstream of a single-shard index relies on.
   */
  readonly concurrency?: number;
}

export interface LoadResult extends LoadProgress {
  /**
   * Documents sent again after Elasticsearch answered 429 (too busy), once per re-send; they land late
   * and out of order. (The helper counts bulk body lines, two per document: action and source.)
   */
  readonly retried: number;
  /** Why Elasticsearch refused the first document it refused. */
  readonly firstFailure?: string;
}

/** Yields the clicks no faster than `ratePerSecond`, sleeping only when ahead by a few milliseconds. */
async function* paced(clicks: Iterable<SyntheticClick>, ratePerSecond: number | undefined, onClick: (click: SyntheticClick) => void): AsyncGenerator<SyntheticClick> {
  const started = performance.now();
  let sent = 0;
  for (const click of clicks) {
    if (ratePerSecond !== undefined) {
      const due = started + (sent / ratePerSecond) * 1000;
      const ahead = due - performance.now();
      if (ahead > 5) await sleep(ahead);
    }
    onClick(click);
    sent += 1;
    yield click;
  }
}

export async function loadClicks(client: Client, clicks: Iterable<SyntheticClick>, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  let failed = 0;
  let firstFailure: string | undefined;
  const bulk = client.helpers.bulk<SyntheticClick>({
    datasource: paced(clicks, options.ratePerSecond, options.onClick ?? (() => undefined)),
    onDocument: (click) => [{ index: { _index: options.index, _id: click.id } }, click.document],
    // At a target rate documents should show up within a fraction of a second, not when 5 MB have
    // gathered: a bulk request every ~0.2 s of documents (of a few hundred bytes each), whatever the
    // rate. No flush timer then (a day is "never"): when it fires while a request is in flight, its
    // flush waits beside the loop's next one, and the helper (8.19) resumes only one of two waiters,
    // so the other's documents are never sent and never reported (generate-clicks.test.ts). A paced
    // source pauses for less than 0.2 s of documents anyway.
    flushInterval: options.ratePerSecond === undefined ? 30_000 : 86_400_000,
    ...(options.ratePerSecond === undefined ? {} : { flushBytes: Math.max(1, Math.round(options.ratePerSecond * 60)) }),
    concurrency: options.concurrency ?? 4,
    ...(options.onIndexed === undefined
      ? {}
      : {
          onSuccess: ({ result }: helpers.OnSuccessDocument) => {
            const id = result.index?._id;
            if (id !== undefined && id !== null) options.onIndexed?.(id, Date.now());
          },
        }),
    onDrop: (dropped) => {
      failed += 1;
      firstFailure ??= `${dropped.document.id}: ${JSON.stringify(dropped.error)} (status ${String(dropped.status)})`;
    },
    refreshOnCompletion: true,
  });
  const report = () => options.onProgress?.({ indexed: bulk.stats.successful, failed, elapsedMs: performance.now() - started });
  const timer = setInterval(report, options.progressEveryMs ?? 2_000);
  try {
    const stats = await bulk;
    return { indexed: stats.successful, failed, retried: stats.retry / 2, elapsedMs: performance.now() - started, ...(firstFailure === undefined ? {} : { firstFailure }) };
  } finally {
    clearInterval(timer);
  }
}
