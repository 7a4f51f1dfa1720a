/**
 * Reads an index pattern in a stable order: a point in time (PIT) with `search_after`, sorted on the
 * sort timestamp and `_shard_doc`. The next page is requested as soon as one is handed out, so
 * reading overlaps with sending. With `slices` > 1 the PIT is read as that many sliced searches in
 * parallel, merged back into the same order by their sort values (one order, whatever the slicing).
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
  /** Parallel sliced searches over the one point in time; 1 (the default) reads without slicing. */
  readonly slices?: number;
  /** Further filter every read applies (a user query from the config); match_all when absent. */
  readonly filter?: estypes.QueryDslQueryContainer;
  /** How long Elasticsearch keeps the point in time between two pages. */
  readonly keepAlive?: string;
}

export type ReadRange =
  | { readonly kind: 'range'; readonly from: number; readonly to?: number; readonly fromExclusive?: boolean }
  /** Documents whose sort field is missing or that Elasticsearch could not parse (ignore_malformed). */
  | { readonly kind: 'without-sort-field' };

type Hit = estypes.SearchHit;

function rangeQuery(options: ReadOptions, range: ReadRange): estypes.QueryDslQueryContainer {
  const filters: estypes.QueryDslQueryContainer[] = options.filter === undefined ? [] : [options.filter];
  if (range.kind === 'without-sort-field') {
    return { bool: { filter: filters, must_not: [{ exists: { field: options.sortField } }] } };
  }
  const bounds: estypes.QueryDslDateRangeQuery = { format: 'epoch_millis', [range.fromExclusive === true ? 'gt' : 'gte']: String(range.from) };
  if (range.to !== undefined) bounds.lte = String(range.to);
  return { bool: { filter: [...filters, { range: { [options.sortField]: bounds } }] } };
}

/** Orders two hits by their sort values (numbers: the timestamp and `_shard_doc`). */
function compareHits(a: Hit, b: Hit): number {
  const left = a.sort ?? [];
  const right = b.sort ?? [];
  for (let position = 0; position < Math.max(left.length, right.length); position++) {
    const difference = Number(left[position] ?? 0) - Number(right[position] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The PIT id to use next: Elasticsearch may hand back a new one with any response. */
interface PointInTime {
  id: string;
  readonly keepAlive: string;
}

/** One search_after stream (of one slice, or unsliced), its next page requested ahead. */
type Pages = AsyncGenerator<Hit[], void, undefined>;

async function* searchPages(client: Client, pit: PointInTime, request: Omit<estypes.SearchRequest, 'pit' | 'search_after'>, pageSize: number): Pages {
  const fetchPage = async (after: estypes.SortResults | undefined) => {
    const response = await client.search({ ...request, pit: { id: pit.id, keep_alive: pit.keepAlive }, size: pageSize, ...(after === undefined ? {} : { search_after: after }) });
    if (response.pit_id !== undefined) pit.id = response.pit_id;
    return response.hits.hits;
  };
  let pending = fetchPage(undefined);
  for (;;) {
    const hits = await pending;
    if (hits.length === 0) return;
    const last = hits.at(-1)?.sort;
    pending = hits.length < pageSize || last === undefined ? Promise.resolve([]) : fetchPage(last);
    // Keep an early failure of the read-ahead from being reported as unhandled while the caller works.
    pending.catch(() => undefined);
    yield hits;
  }
}

async function nextPage(stream: Pages): Promise<Hit[]> {
  const result = await stream.next();
  return result.done === true ? [] : result.value;
}

/** Merges sorted streams of pages into one sorted stream of hits. */
async function* mergeSorted(streams: Pages[]): AsyncGenerator<Hit, void, undefined> {
  const heads = await Promise.all(streams.map(async (stream) => ({ stream, page: await nextPage(stream), position: 0 })));
  const live = heads.filter((head) => head.page.length > 0);
  while (live.length > 0) {
    let smallest = 0;
    for (let candidate = 1; candidate < live.length; candidate++) {
      const a = live[candidate];
      const b = live[smallest];
      if (a !== undefined && b !== undefined && compareHits(a.page[a.position] as Hit, b.page[b.position] as Hit) < 0) smallest = candidate;
    }
    const head = live[smallest];
    if (head === undefined) return;
    yield head.page[head.position] as Hit;
    head.position += 1;
    if (head.position === head.page.length) {
      head.page = await nextPage(head.stream);
      head.position = 0;
      if (head.page.length === 0) live.splice(smallest, 1);
    }
  }
}

async function* inPages(hits: AsyncGenerator<Hit, void, undefined>, pageSize: number): Pages {
  let page: Hit[] = [];
  for await (const hit of hits) {
    page.push(hit);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Pages of documents in sort order until the range is exhausted; the PIT is closed at the end. */
export async function* readPages(client: Client, options: ReadOptions, range: ReadRange): AsyncGenerator<SourceDocument[]> {
  const keepAlive = options.keepAlive ?? '5m';
  const opened = await client.openPointInTime({ index: options.index, keep_alive: keepAlive, ignore_unavailable: true });
  const pit: PointInTime = { id: opened.id, keepAlive };
  const request = {
    query: rangeQuery(options, range),
    sort: (range.kind === 'range' ? [{ [options.sortField]: { order: 'asc', format: 'epoch_millis' } }, { _shard_doc: 'asc' }] : [{ _shard_doc: 'asc' }]) as estypes.Sort,
    track_total_hits: false,
  };
  const slices = options.slices ?? 1;
  const pages =
    slices <= 1
      ? searchPages(client, pit, request, options.pageSize)
      : inPages(mergeSorted(Array.from({ length: slices }, (_, id) => searchPages(client, pit, { ...request, slice: { id: String(id), max: slices } }, options.pageSize))), options.pageSize);
  try {
    for await (const hits of pages) {
      yield hits.map((hit) => ({
        index: hit._index,
        id: hit._id ?? '',
        source: hit._source,
        sortTimestamp: range.kind === 'range' ? Number(hit.sort?.[0]) : null,
      }));
    }
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
}
