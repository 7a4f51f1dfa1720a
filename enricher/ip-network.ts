/**
 * The key IP metadata is stored under: the network an address belongs to, a /24 for IPv4 and a /48
 * for IPv6. Providers hand out addresses in blocks at least that large, so one row per block covers
 * every address in it with an exact-match lookup (one MGET), no range search.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** `203.0.113.7` -> `203.0.113.0/24`; `2001:db8:1:2::5` -> `2001:db8:1::/48`; anything else -> null. */
export function ipNetworkKey(address: string): string | null {
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.').map(Number);
    return `${String(a)}.${String(b)}.${String(c)}.0/24`;
  }
  if (isIPv6(address)) {
    const groups = ipv6Groups(address);
    return groups === null ? null : `${groups.slice(0, 3).join(':')}::/48`;
  }
  return null;
}

/** The eight hextets of an IPv6 address, lower case without leading zeros; null for an IPv4-mapped tail. */
function ipv6Groups(address: string): string[] | null {
  const zone = address.indexOf('%');
  const bare = (zone === -1 ? address : address.slice(0, zone)).toLowerCase();
  // `::ffff:10.0.0.1` and friends: the dotted tail is not a hextet; such addresses are rare in click logs.
  if (bare.includes('.')) return null;
  const [head = '', tail] = bare.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16));
}
