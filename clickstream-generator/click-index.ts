import type { Client } from '@elastic/elasticsearch';

/**
 * An index like the site's: only the sort timestamp is mapped (the producer reads the rest from
 * `_source`), and a malformed timestamp is kept rather than refused, so the producer can dead-letter it.
 */
export async function createClickIndex(client: Client, index: string, shards = 2, refreshInterval?: string): Promise<void> {
  await client.indices.create({
    index,
    settings: { number_of_shards: shards, number_of_replicas: 0, ...(refreshInterval === undefined ? {} : { refresh_interval: refreshInterval }) },
    mappings: { dynamic: false, properties: { '@timestamp': { type: 'date', ignore_malformed: true } } },
  });
}

/** Creates the index unless it exists; returns whether it created it. */
export async function createClickIndexIfMissing(client: Client, index: string): Promise<boolean> {
  if (await client.indices.exists({ index })) return false;
  await createClickIndex(client, index);
  return true;
}
