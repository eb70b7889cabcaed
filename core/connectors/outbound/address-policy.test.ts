import { describe, expect, it } from 'vitest';
import { isAddressAllowed } from './address-policy';
import type { NetworkClass, OutboundPolicy } from './outbound-policy';

const publicOnly: OutboundPolicy = { allow: new Set() };
const everything: OutboundPolicy = { allow: new Set<NetworkClass>(['loopback', 'private', 'link-local']) };

describe('isAddressAllowed', () => {
  // [address, range it is refused for under public-only, class that allows it (null: none does)]
  const table: Array<[string, string, NetworkClass | null]> = [
    ['127.0.0.1', 'loopback', 'loopback'],
    ['::1', 'loopback', 'loopback'],
    ['10.1.2.3', 'private', 'private'],
    ['172.16.0.1', 'private', 'private'],
    ['192.168.1.1', 'private', 'private'],
    ['169.254.169.254', 'linkLocal', 'link-local'],
    ['::ffff:169.254.169.254', 'linkLocal', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback', 'loopback'],
    ['fe80::1', 'linkLocal', 'link-local'],
    ['fc00::1', 'uniqueLocal', 'private'],
    ['100.64.0.1', 'carrierGradeNat', 'private'],
    ['0.0.0.0', 'unspecified', null],
    ['::', 'unspecified', null],
    ['224.0.0.1', 'multicast', null],
    ['255.255.255.255', 'broadcast', null],
    ['192.0.2.1', 'reserved', null],
    ['2001:db8::1', 'reserved', null],
    ['ff02::1', 'multicast', null],
  ];

  it.each(table)('%s is refused as %s unless its class is allowed', (address, range, networkClass) => {
    expect(isAddressAllowed(address, publicOnly)).toEqual({ allowed: false, range });
    if (networkClass === null) {
      expect(isAddressAllowed(address, everything)).toEqual({ allowed: false, range });
    } else {
      expect(isAddressAllowed(address, { allow: new Set([networkClass]) })).toEqual({ allowed: true });
      const others = (['loopback', 'private', 'link-local'] as const).filter((other) => other !== networkClass);
      expect(isAddressAllowed(address, { allow: new Set(others) }).allowed).toBe(false);
    }
  });

  it.each(['8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '[2606:4700::1111]'])(
    '%s is public and allowed',
    (address) => {
      expect(isAddressAllowed(address, publicOnly)).toEqual({ allowed: true });
    },
  );

  it('judges NAT64 well-known-prefix addresses by the IPv4 address they embed', () => {
    expect(isAddressAllowed('64:ff9b::808:808', publicOnly)).toEqual({ allowed: true });
    expect(isAddressAllowed('64:ff9b::a9fe:a9fe', publicOnly)).toEqual({ allowed: false, range: 'linkLocal' });
    expect(isAddressAllowed('64:ff9b::7f00:1', publicOnly)).toEqual({ allowed: false, range: 'loopback' });
  });

  it('refuses tunnelling and deprecated forms that could reach an embedded IPv4 host', () => {
    expect(isAddressAllowed('2002:7f00:1::1', everything)).toEqual({ allowed: false, range: '6to4' });
    expect(isAddressAllowed('2001:0:4136:e378::1', everything)).toEqual({ allowed: false, range: 'teredo' });
    expect(isAddressAllowed('64:ff9b:1::a00:1', everything)).toEqual({ allowed: false, range: 'rfc6052' });
    expect(isAddressAllowed('::7f00:1', everything)).toEqual({ allowed: false, range: 'ipv4Compatible' });
  });

  it('refuses anything that is not a canonical IP literal', () => {
    for (const text of ['localhost', '127.1', '0x7f000001', '2130706433', '', '1.2.3.4.5']) {
      expect(isAddressAllowed(text, everything)).toEqual({ allowed: false, range: 'invalid' });
    }
  });

  it('handles scoped link-local addresses', () => {
    expect(isAddressAllowed('fe80::1%eth0', publicOnly)).toEqual({ allowed: false, range: 'linkLocal' });
    expect(isAddressAllowed('fe80::1%eth0', { allow: new Set(['link-local']) })).toEqual({ allowed: true });
  });
});
