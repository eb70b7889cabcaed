// The DNS step of every outbound connection. Checking a hostname before fetch and then letting the
// socket resolve it again would let a rebinding DNS server answer "public" to the check and
// "internal" to the connect; resolving once here and handing the checked address to the socket
// closes that gap.
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isAddressAllowed } from './address-policy';
import { OutboundBlockedError } from './outbound-error';
import type { OutboundPolicy } from './outbound-policy';

/** Resolves a hostname to every address it has; injectable so tests need no real DNS records. */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

const systemResolveAll: ResolveAll = (hostname) => dns.lookup(hostname, { all: true });

/** Resolves `hostname` and refuses it if any of its addresses is outside the policy. */
export async function resolveChecked(
  hostname: string,
  policy: OutboundPolicy,
  resolveAll: ResolveAll = systemResolveAll,
): Promise<LookupAddress[]> {
  const addresses = await resolveAll(hostname);
  // Any bad address refuses the whole name: otherwise a name with one public and one internal
  // record would reach the internal one whenever the socket happened to try it first.
  for (const { address } of addresses) {
    const verdict = isAddressAllowed(address, policy);
    if (!verdict.allowed) throw new OutboundBlockedError(hostname, address, verdict.range);
  }
  if (addresses.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  }
  return addresses;
}

function wantedFamily(family: LookupOptions['family']): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

/**
 * A `lookup` for net/tls.connect that only ever yields policy-checked addresses. Node calls it with
 * `all: true` (callback gets an array) when autoSelectFamily is on, which is the Node 20 default,
 * and without it (callback gets address, family) otherwise; both shapes are answered.
 */
export function createGuardedLookup(policy: OutboundPolicy, resolveAll: ResolveAll = systemResolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, policy, resolveAll).then(
      (addresses) => {
        const family = wantedFamily(options.family);
        const usable = family === undefined ? addresses : addresses.filter((entry) => entry.family === family);
        const first = usable[0];
        if (first === undefined) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          callback(error, '');
        } else if (options.all === true) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
