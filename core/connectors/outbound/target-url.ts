// Vets a request target before any socket exists: scheme, embedded credentials, and literal-IP
// hosts (which never go through DNS, so the guarded lookup would not see them).
import { isIP } from 'node:net';
import { isAddressAllowed, unbracket } from './address-policy';
import { OutboundBlockedError, OutboundHttpError } from './outbound-error';
import type { OutboundPolicy } from './outbound-policy';

/** Parses `raw` (relative to `base` for redirects) and throws unless it is a reachable http(s) URL. */
export function vetTargetUrl(raw: string, policy: OutboundPolicy, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    // The text itself is not repeated: a malformed URL may still carry a token in its query.
    throw new OutboundHttpError('bad-url', base ? 'redirect Location is not a valid URL' : 'not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundHttpError('bad-url', `scheme "${url.protocol}" is not allowed; only http: and https: are`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundHttpError(
      'bad-url',
      `URL for ${url.hostname} carries user:password credentials; pass secrets as headers from a connector instead`,
    );
  }
  // WHATWG parsing has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1, so the
  // normalised hostname is the address the socket would use.
  const host = unbracket(url.hostname);
  if (isIP(host) !== 0) {
    const verdict = isAddressAllowed(host, policy);
    if (!verdict.allowed) throw new OutboundBlockedError(host, host, verdict.range);
  }
  return url;
}
