// Errors safeFetch throws. Messages name hosts, addresses and ranges only: header values, bodies and
// query strings may hold secrets, and these messages end up in Temporal history and logs.
import { networkClassOfRange } from './address-policy';
import { OUTBOUND_ALLOW_SETTING } from './outbound-policy';

function howToAllow(range: string): string {
  const networkClass = networkClassOfRange(range);
  if (networkClass === undefined) return 'This range is never reachable from workflows.';
  return (
    `If this is a trusted development setup, allow it with the configuration ${OUTBOUND_ALLOW_SETTING}=${networkClass} ` +
    `(accepted values: loopback,private,link-local); production should allow none.`
  );
}

/** A request refused because its host is, or resolves to, an address outside the outbound policy. */
export class OutboundBlockedError extends Error {
  override readonly name = 'OutboundBlockedError';
  readonly address: string;
  readonly host: string;
  /** The ipaddr.js range name that got the address refused, e.g. "loopback" or "multicast". */
  readonly range: string;

  constructor(host: string, address: string, range: string) {
    const target = host === address ? `address ${address}` : `host ${host} (resolves to ${address})`;
    super(`Outbound request to ${target} refused: ${address} is in the ${range} range. ${howToAllow(range)}`);
    this.host = host;
    this.address = address;
    this.range = range;
  }
}

/** Why an outbound request failed for reasons other than the address policy. */
export type OutboundHttpErrorKind =
  'timeout' | 'too-large' | 'too-many-redirects' | 'redirect-outside-base' | 'bad-url' | 'network';

/** A request that failed on the way: bad URL, timeout, oversized body, redirect loop or escape, network error. */
export class OutboundHttpError extends Error {
  override readonly name = 'OutboundHttpError';
  readonly kind: OutboundHttpErrorKind;

  constructor(kind: OutboundHttpErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
