// How one redirect hop turns into the next request, following what browsers do so that APIs
// behave as their documentation (written against browsers and curl -L) expects.
/** Statuses that carry a Location to follow. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** One request in a redirect chain. */
export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

// Headers that describe a body; meaningless once the body is dropped (Fetch spec, 4.4 step 12).
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);
// Credentials meant for one origin; another origin must not receive them.
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

function withoutHeaders(headers: Record<string, string>, names: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));
}

/** The request to send after `status` redirected `hop` to `location` (already vetted). */
export function nextHop(hop: Hop, status: number, location: URL): Hop {
  const toGet =
    (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  let headers = toGet ? withoutHeaders(hop.headers, BODY_HEADERS) : hop.headers;
  if (location.origin !== hop.url.origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
  return {
    url: location,
    method: toGet ? 'GET' : hop.method,
    headers,
    body: toGet ? undefined : hop.body,
  };
}
