/**
 * Reads an index pattern in a stable order: a point in time (PIT) with `search_after`, sorted on the
 * sort timestamp and `_shard_doc`. The next page is requested as soon as one is handed out, so
 * reading overlaps with sending.
 */
import type { Client, estypes } from '@elastic/elasticsearch';

export interface SourceDocument {
  readonly index: string;
  readonly id: string;
  readonly source: unknown;
  /** The sort field as Elasticsearch reads it (epoch ms); null in the sweep of documents without one. */
  readonly sortTimestamp: number | null;
}

export interface ReadOptions {
  readonly index: string;
  /** A date field of the index; the order and the position of the producer. */
  readonly sortField: string;
  readonly pageSize: number;
  /** Further filter every read applies (a user query from the config); match_all when absent. */
  readonly filter?: estypes.QueryDslQueryContainer;
  /** How long Elasticsearch keeps the point in time between two pages. */
  readonly keepAlive?: string;
}

export type ReadRange =
  | { readonly kind: 'range'; readonly from: number; readonly to?: number; readonly fromExclusive?: boolean }
  /** Documents whose sort field is missing or that Elasticsearch could not parse (ignore_malformed). */
  | { readonly kind: 'without-sort-field' };

function rangeQuery(options: ReadOptions, range: ReadRange): estypes.QueryDslQueryContainer {
  const filters: estypes.QueryDslQueryContainer[] = options.filter === undefined ? [] : [options.filter];
  if (range.kind === 'without-sort-field') {
    return { bool: { filter: filters, must_not: [{ exists: { field: options.sortField } }] } };
  }
  const bounds: estypes.QueryDslDateRangeQuery = { format: 'epoch_millis', [range.fromExclusive === true ? 'gt' : 'gte']: String(range.from) };
  if (range.to !== undefined) bounds.lte = String(range.to);
  return { bool: { filter: [...filters, { range: { [options.sortField]: bounds } }] } };
}

/** Pages of documents in sort order until the range is exhausted; the PIT is closed at the end. */
export async function* readPages(client: Client, options: ReadOptions, range: ReadRange): AsyncGenerator<SourceDocument[]> {
  const keepAlive = options.keepAlive ?? '5m';
  const opened = await client.openPointInTime({ index: options.index, keep_alive: keepAlive, ignore_unavailable: true });
  let pitId = opened.id;
  const query = rangeQuery(options, range);
  const sort: estypes.Sort =
    range.kind === 'range' ? [{ [options.sortField]: { order: 'asc', format: 'epoch_millis' } }, { _shard_doc: 'asc' }] : [{ _shard_doc: 'asc' }];
  const fetchPage = async (after: estypes.SortResults | undefined) => {
    const response = await client.search({
      pit: { id: pitId, keep_alive: keepAlive },
      size: options.pageSize,
      query,
      sort,
      track_total_hits: false,
      ...(after === undefined ? {} : { search_after: after }),
    });
    // Elasticsearch may hand back a new PIT id with any response; the newest one must be used.
    if (response.pit_id !== undefined) pitId = response.pit_id;
    return response.hits.hits;
  };
  try {
    let pending = fetchPage(undefined);
    for (;;) {
      const hits = await pending;
      if (hits.length === 0) return;
      const last = hits.at(-1)?.sort;
      // Ask for the next page before the caller starts sending this one.
      pending = hits.length < options.pageSize || last === undefined ? Promise.resolve([]) : fetchPage(last);
      // Keep an early failure of the read-ahead from being reported as unhandled while the caller works.
      pending.catch(() => undefined);
      yield hits.map((hit) => ({
        index: hit._index,
        id: hit._id ?? '',
        source: hit._source,
        sortTimestamp: range.kind === 'range' ? Number(hit.sort?.[0]) : null,
      }));
    }
  } finally {
    await client.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}
