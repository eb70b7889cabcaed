import { describe, expect, it } from 'vitest';
import { parseOutboundAllowNetworks, policyKey } from './outbound-policy';

describe('parseOutboundAllowNetworks', () => {
  it('allows nothing beyond public unicast when unset or empty', () => {
    expect(parseOutboundAllowNetworks(undefined).allow.size).toBe(0);
    expect(parseOutboundAllowNetworks(' ').allow.size).toBe(0);
  });

  it('reads a comma-separated list, tolerating spaces', () => {
    expect([...parseOutboundAllowNetworks('loopback, private ,link-local').allow]).toEqual([
      'loopback',
      'private',
      'link-local',
    ]);
  });

  it('rejects unknown names and lists the valid ones', () => {
    expect(() => parseOutboundAllowNetworks('loopback,internal')).toThrow(/"internal".*loopback, private, link-local/);
  });
});

describe('policyKey', () => {
  it('is the same for the same classes in any order', () => {
    expect(policyKey({ allow: new Set(['private', 'loopback']) })).toBe(
      policyKey({ allow: new Set(['loopback', 'private']) }),
    );
    expect(policyKey({ allow: new Set() })).not.toBe(policyKey({ allow: new Set(['loopback']) }));
  });
});
