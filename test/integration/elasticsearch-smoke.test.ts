import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique-name.js';

describe('Elasticsearch (real server)', () => {
  const { url, auth } = inject('services').elasticsearch;
  const client = new Client({ node: url, ...(auth === undefined ? {} : { auth }) });
  const index = uniqueName('smoke-clicks');

  beforeAll(async () => {
    await client.indices.create({
      index,
      mappings: { properties: { user_id: { type: 'keyword' }, url: { type: 'keyword' }, ts: { type: 'date' }, price: { type: 'double' } } },
    });
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('indexes documents in bulk and finds them with a filtered, sorted search', async () => {
    // Prepare
    const docs = [
      { user_id: 'u1', url: '/home', ts: '2026-11-23T10:00:00Z', price: 0 },
      { user_id: 'u2', url: '/cart', ts: '2026-11-23T10:00:05Z', price: 19.5 },
      { user_id: 'u1', url: '/cart', ts: '2026-11-23T10:00:09Z', price: 42 },
    ];

    // Act
    const bulk = await client.bulk({ index, refresh: 'wait_for', operations: docs.flatMap((doc) => [{ index: {} }, doc]) });
    const result = await client.search<{ user_id: string; price: number }>({
      index,
      query: { bool: { filter: [{ term: { url: '/cart' } }] } },
      sort: [{ ts: 'desc' }],
    });

    // Assess
    expect(bulk.errors).toBe(false);
    expect(result.hits.hits.map((hit) => hit._source?.user_id)).toEqual(['u1', 'u2']);
    expect(result.hits.hits.map((hit) => hit._source?.price)).toEqual([42, 19.5]);
  });

  it('supports point-in-time paging with search_after on _shard_doc (what the producer relies on)', async () => {
    // Prepare
    const pit = await client.openPointInTime({ index, keep_alive: '1m' });

    // Act
    const pages: string[][] = [];
    let after: (string | number)[] | undefined;
    for (;;) {
      const page = await client.search<{ url: string }>({
        pit: { id: pit.id, keep_alive: '1m' },
        size: 2,
        sort: [{ ts: 'asc' }, { _shard_doc: 'asc' }],
        ...(after === undefined ? {} : { search_after: after }),
      });
      if (page.hits.hits.length === 0) break;
      pages.push(page.hits.hits.map((hit) => hit._source?.url ?? ''));
      after = page.hits.hits.at(-1)?.sort as (string | number)[];
    }
    await client.closePointInTime({ id: pit.id });

    // Assess
    expect(pages).toEqual([['/home', '/cart'], ['/cart']]);
  });
});
