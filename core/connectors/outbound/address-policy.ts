// Decides whether one IP address may be contacted. ipaddr.js names the range; we map the few
// ranges a deployment may opt into and refuse every other special-purpose range outright.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { NetworkClass, OutboundPolicy } from './outbound-policy';

/** The verdict on one address; `range` says why it was refused. */
export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

/** The network class that would allow a range, or undefined when no setting can. */
export function networkClassOfRange(range: string): NetworkClass | undefined {
  switch (range) {
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private';
    case 'linkLocal':
      return 'link-local';
    default:
      return undefined;
  }
}

/** Strips the brackets URL hosts put around IPv6 literals. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

// Addresses that carry an IPv4 address inside an IPv6 one reach (or may reach) that IPv4 host, so
// they are judged by the embedded address instead of the IPv6 range name.
function effectiveRange(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (address.kind() === 'ipv4') return address.range();
  const ipv6 = address as ipaddr.IPv6;
  const range = ipv6.range();
  // ::ffff:a.b.c.d: the kernel connects to a.b.c.d itself (::ffff:127.0.0.1 is loopback).
  if (range === 'ipv4Mapped') return ipv6.toIPv4Address().range();
  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): a DNS64/NAT64 gateway forwards to the
  // embedded IPv4 address, so public targets work on IPv6-only hosts and private ones stay refused.
  // The local-use prefix 64:ff9b:1::/48 and 6to4 (2002::/16), Teredo and SIIT stay refused through
  // their non-unicast range names: where they would forward is site-specific or deprecated.
  if (range === 'rfc6052' && ipv6.parts.slice(2, 6).every((part) => part === 0)) {
    return embeddedIPv4(ipv6).range();
  }
  // ::/96 without the ffff marker is the deprecated IPv4-compatible form (RFC 4291); ipaddr.js
  // calls it unicast, but some stacks still route ::7f00:1 to 127.0.0.1.
  if (range === 'unicast' && ipv6.parts.slice(0, 6).every((part) => part === 0)) return 'ipv4Compatible';
  return range;
}

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const high = address.parts[6] ?? 0;
  const low = address.parts[7] ?? 0;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** Whether `address` (an IP literal, IPv6 optionally bracketed) may be contacted under `policy`. */
export function isAddressAllowed(address: string, policy: OutboundPolicy): AddressVerdict {
  const literal = unbracket(address);
  // Only canonical forms Node itself would connect to: odd forms ("127.1", "0x7f.1") are normalised
  // by the URL parser before they get here, and anything else is not an address we can vouch for.
  if (isIP(literal) === 0) return { allowed: false, range: 'invalid' };
  const range = effectiveRange(ipaddr.parse(literal));
  if (range === 'unicast') return { allowed: true };
  const networkClass = networkClassOfRange(range);
  if (networkClass !== undefined && policy.allow.has(networkClass)) return { allowed: true };
  return { allowed: false, range };
}
