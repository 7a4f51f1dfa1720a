import { describe, expect, it } from 'vitest';
import { ipNetworkKey } from '../../../enricher/ip-network.js';

describe('ipNetworkKey', () => {
  it.each([
    ['10.1.3.77', '10.1.3.0/24'],
    ['192.168.0.1', '192.168.0.0/24'],
    ['2001:db8:1:2::5', '2001:db8:1::/48'],
    ['2001:0DB8:0001:0002:0000:0000:0000:0005', '2001:db8:1::/48'],
    ['fd00:ab:1::', 'fd00:ab:1::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
  ])('%s is in %s', (address, network) => {
    expect(ipNetworkKey(address)).toBe(network);
  });

  it.each(['', 'unknown', '10.1.3', '10.1.3.256', '::ffff:10.0.0.1', '10.1.3.77:443'])('%j has no network key', (address) => {
    expect(ipNetworkKey(address)).toBeNull();
  });
});
