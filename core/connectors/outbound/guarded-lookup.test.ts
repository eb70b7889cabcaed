import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createGuardedLookup, resolveChecked, type ResolveAll } from './guarded-lookup';
import { OutboundBlockedError } from './outbound-error';
import type { OutboundPolicy } from './outbound-policy';

const publicOnly: OutboundPolicy = { allow: new Set() };
const loopbackAllowed: OutboundPolicy = { allow: new Set(['loopback']) };

/** A resolver that answers from a fixed table instead of DNS. */
function fakeDns(records: Record<string, LookupAddress[]>): ResolveAll {
  return async (hostname) => records[hostname] ?? [];
}

const dualStack = fakeDns({
  'api.example': [
    { address: '2606:4700::1111', family: 6 },
    { address: '93.184.216.34', family: 4 },
  ],
  'mixed.example': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'v4only.example': [{ address: '93.184.216.34', family: 4 }],
});

/** Calls a lookup the way net.connect does and captures what its callback received. */
function callLookup(
  lookup: LookupFunction,
  hostname: string,
  options: Parameters<LookupFunction>[1],
): Promise<unknown[]> {
  return new Promise((resolve) => lookup(hostname, options, (...args) => resolve(args)));
}

describe('resolveChecked', () => {
  it('refuses a name if any one of its addresses is outside the policy', async () => {
    const refusal = resolveChecked('mixed.example', publicOnly, dualStack);
    await expect(refusal).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(refusal).rejects.toMatchObject({ host: 'mixed.example', address: '10.0.0.7', range: 'private' });
  });

  it('returns every address when all are allowed', async () => {
    await expect(resolveChecked('api.example', publicOnly, dualStack)).resolves.toHaveLength(2);
  });

  it('refuses localhost through real DNS, and accepts it when loopback is allowed', async () => {
    await expect(resolveChecked('localhost', publicOnly)).rejects.toMatchObject({
      host: 'localhost',
      range: 'loopback',
    });
    const addresses = await resolveChecked('localhost', loopbackAllowed);
    expect(addresses.length).toBeGreaterThan(0);
  });
});

describe('createGuardedLookup', () => {
  const lookup = createGuardedLookup(publicOnly, dualStack);

  it('answers the all:true shape (autoSelectFamily on) with the checked address list', async () => {
    const [error, addresses] = await callLookup(lookup, 'api.example', { all: true });
    expect(error).toBeNull();
    expect(addresses).toEqual([
      { address: '2606:4700::1111', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
  });

  it('answers the single-result shape (autoSelectFamily off) with address and family', async () => {
    expect(await callLookup(lookup, 'api.example', {})).toEqual([null, '2606:4700::1111', 6]);
    expect(await callLookup(lookup, 'api.example', { family: 4 })).toEqual([null, '93.184.216.34', 4]);
    expect(await callLookup(lookup, 'api.example', { family: 'IPv6', all: true })).toEqual([
      null,
      [{ address: '2606:4700::1111', family: 6 }],
    ]);
  });

  it('reports a missing family as ENOTFOUND', async () => {
    const [error] = await callLookup(lookup, 'v4only.example', { family: 6 });
    expect(error).toMatchObject({ code: 'ENOTFOUND' });
    const [unknown] = await callLookup(lookup, 'nothing.example', { all: true });
    expect(unknown).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('passes the refusal to the callback in both shapes', async () => {
    for (const options of [{ all: true }, {}]) {
      const [error] = await callLookup(lookup, 'mixed.example', options);
      expect(error).toBeInstanceOf(OutboundBlockedError);
    }
  });
});
