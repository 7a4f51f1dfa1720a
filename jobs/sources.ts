import { fileStore, redisStore, referenceTable, source, t } from '../sql/index.js';

/**
 * The raw clickstream as the producer writes it to the `raw` stream: one JSON object per event,
 * validated and normalized (timestamps as UTC epoch milliseconds in `ts`).
 */
export const clicks = source({
  name: 'clicks',
  stream: 'raw',
  columns: {
    event_id: t.string(),
    user_id: t.string(),
    session_id: t.string(),
    event_type: t.string(),
    url: t.string(),
    referrer: t.nullable(t.string()),
    ip: t.string(),
    zip: t.nullable(t.string()),
    user_agent: t.string(),
    price: t.nullable(t.double()),
    ts: t.bigint(),
  },
  eventTime: { column: 'ts', watermarkDelay: '5 s' },
});

/**
 * Zip-code metadata, one JSON value per zip at `zip:<zip>` in Redis (ElastiCache in AWS), seeded
 * from reference/zip-codes.jsonl. Jobs cache hot zips for ten minutes.
 */
export const zipCodes = referenceTable({
  name: 'zip_codes',
  key: 'zip',
  columns: {
    zip: t.string(),
    city: t.string(),
    state: t.string(),
    median_income: t.nullable(t.bigint()),
    population_density: t.nullable(t.double()),
  },
  store: redisStore({ keyPrefix: 'zip:' }),
  cache: { maxRows: 100_000, expireAfterWrite: '10 min' },
});

/**
 * Who owns an address: one JSON value per network at `ipnet:<network>` in Redis, seeded from
 * reference/ip-networks.jsonl. The key is the address's /24 (IPv4) or /48 (IPv6) network, as
 * `ipNetworkKey` in enricher/ip-network.ts writes it; `kind` tells datacenters from homes and phones.
 */
export const ipNetworks = referenceTable({
  name: 'ip_networks',
  key: 'network',
  columns: { network: t.string(), asn: t.bigint(), org: t.string(), country: t.string(), kind: t.string() },
  store: redisStore({ keyPrefix: 'ipnet:' }),
  cache: { maxRows: 100_000, expireAfterWrite: '10 min' },
});

/** Site sections by page URL: slowly changing, kept in a file (reference/page-categories.jsonl, in S3 in AWS). */
export const pageCategories = referenceTable({
  name: 'page_categories',
  key: 'url',
  columns: { url: t.string(), category: t.string(), is_checkout: t.boolean() },
  store: fileStore({ path: 'page-categories.jsonl', reloadEvery: '15 min' }),
});
