/**
 * Who visits the synthetic shop: people with a home zip, an address in a residential or mobile
 * network and a browser; and bots in datacenter networks. Zips and networks come from reference/,
 * plus a share that the reference data does not know (so lookups also miss, as they do in life).
 */
import { join } from 'node:path';
import { readJsonLines, REFERENCE_DIR } from '../common/reference-files.js';
import { integerBetween, pickOne, pickWeighted, type Random } from './seeded-random.js';

export interface Visitor {
  readonly userId: string;
  readonly zip: string | null;
  readonly ip: string;
  readonly userAgent: string;
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
];

const BOT_AGENTS = ['python-requests/2.32.3', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'Scrapy/2.12.0 (+https://scrapy.org)', 'curl/8.11.0'];

/** Zips the reference data does not have. */
const UNKNOWN_ZIPS = ['99501', '04101', '59601', '96813'];

/** A network outside reference/ip-networks.jsonl. */
const UNKNOWN_NETWORK_PREFIX = '172.16';

interface NetworksByKind {
  readonly residential: readonly string[];
  readonly mobile: readonly string[];
  readonly datacenter: readonly string[];
}

/** The reference data the population draws from: zips and IPv4 /24 networks by kind. */
export interface PopulationReference {
  readonly zips: readonly string[];
  readonly networks: NetworksByKind;
}

export function readPopulationReference(referenceDir = REFERENCE_DIR): PopulationReference {
  const zips = readJsonLines(join(referenceDir, 'zip-codes.jsonl')).map((row) => String(row.zip));
  const networks: Record<keyof NetworksByKind, string[]> = { residential: [], mobile: [], datacenter: [] };
  for (const row of readJsonLines(join(referenceDir, 'ip-networks.jsonl'))) {
    const network = String(row.network);
    const kind = String(row.kind);
    // Only IPv4 /24s: an address is the network's first three octets and a host number.
    if (!network.endsWith('.0/24')) continue;
    if (kind === 'residential' || kind === 'mobile' || kind === 'datacenter') networks[kind].push(network.slice(0, -'.0/24'.length));
  }
  for (const [kind, prefixes] of Object.entries(networks)) {
    if (prefixes.length === 0) throw new Error(`reference/ip-networks.jsonl has no IPv4 /24 network of kind '${kind}'`);
  }
  if (zips.length === 0) throw new Error('reference/zip-codes.jsonl has no zips');
  return { zips, networks };
}

function address(random: Random, prefix: string): string {
  return `${prefix}.${String(integerBetween(random, 1, 254))}`;
}

/** `count` people, the same for the same random state. */
export function people(random: Random, count: number, idPrefix: string, reference: PopulationReference): Visitor[] {
  return Array.from({ length: count }, (_, index) => {
    const zipKind = pickWeighted(random, { known: 80, unknown: 7, none: 13 });
    const networkKind = pickWeighted(random, { residential: 80, mobile: 15, unknown: 5 });
    const prefix = networkKind === 'unknown' ? `${UNKNOWN_NETWORK_PREFIX}.${String(integerBetween(random, 0, 255))}` : pickOne(random, reference.networks[networkKind]);
    return {
      userId: `${idPrefix}-u${String(index)}`,
      zip: zipKind === 'known' ? pickOne(random, reference.zips) : zipKind === 'unknown' ? pickOne(random, UNKNOWN_ZIPS) : null,
      ip: address(random, prefix),
      userAgent: pickOne(random, BROWSERS),
    };
  });
}

export function bot(random: Random, userId: string, reference: PopulationReference): Visitor {
  return { userId, zip: null, ip: address(random, pickOne(random, reference.networks.datacenter)), userAgent: pickOne(random, BOT_AGENTS) };
}
