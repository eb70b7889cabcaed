// The one way workflow nodes talk to the outside world. Workflow specs are written by users and
// LLMs, so every URL is treated as hostile: only http(s), only addresses the policy allows
// (checked at connect time, for every redirect hop), bounded in time and in response size.
import { fetch } from 'undici';
import { isUnderBaseUrl } from './base-url';
import { closeOutboundAgents, outboundAgentFor } from './outbound-agent';
import { OutboundBlockedError, OutboundHttpError } from './outbound-error';
import type { OutboundPolicy } from './outbound-policy';
import { checkDeclaredLength, readCappedBody } from './read-capped-body';
import { nextHop, REDIRECT_STATUSES, type Hop } from './redirect';
import { checkRequestShape, headersToRecord } from './request-headers';
import { vetTargetUrl } from './target-url';

export { isAddressAllowed } from './address-policy';
export { closeOutboundAgents };
export { OutboundBlockedError, OutboundHttpError, type OutboundHttpErrorKind } from './outbound-error';
export {
  networkClassSchema,
  parseOutboundAllowNetworks,
  type NetworkClass,
  type OutboundPolicy,
} from './outbound-policy';

/** One outbound HTTP request as a workflow node describes it. */
export interface SafeRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Whole exchange, redirects and body included. Default 30 s. */
  timeoutMs?: number;
  /** Cap on the (decoded) response body. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * Where redirects may lead: a redirect that leaves this URL (origin and path prefix) is refused.
   * Set to a connector's base URL, so the connector's headers (API keys, tokens) reach no one else.
   */
  redirectsStayUnder?: URL;
}

/** The final response after redirects, with its body fully read. */
export interface SafeResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The URL that produced this response, after redirects. */
  url: string;
  /** Every Location followed, in order, as absolute URLs. */
  redirects: string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`safeFetch: ${name} must be a non-negative number`);
  return value;
}

/** Our own errors, found anywhere in the cause chain undici wraps them in ("fetch failed" → cause). */
function ownError(error: unknown): OutboundBlockedError | OutboundHttpError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current instanceof OutboundBlockedError || current instanceof OutboundHttpError) return current;
    current = current.cause;
  }
  return undefined;
}

/** The first system or undici error code in the cause chain, e.g. ECONNREFUSED or UND_ERR_SOCKET. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** Sends `request` under `policy`, following redirects itself so that every hop is vetted. */
export async function safeFetch(request: SafeRequest, policy: OutboundPolicy): Promise<SafeResponse> {
  const timeoutMs = nonNegative('timeoutMs', request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxBytes = nonNegative('maxResponseBytes', request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const maxRedirects = nonNegative('maxRedirects', request.maxRedirects ?? DEFAULT_MAX_REDIRECTS);

  let hop: Hop = {
    url: vetTargetUrl(request.url, policy),
    method: (request.method ?? 'GET').toUpperCase(),
    headers: { ...request.headers },
    body: request.body,
  };
  checkRequestShape(hop.method, hop.headers, hop.body !== undefined);

  const timeout = new OutboundHttpError('timeout', `request to ${hop.url.origin} timed out after ${timeoutMs} ms`);
  const controller = new AbortController();
  // setTimeout fires at once for delays past 2^31-1 ms; nobody means "instantly" by a huge timeout.
  const timer = setTimeout(() => controller.abort(timeout), Math.min(timeoutMs, 2_147_483_647));
  const dispatcher = outboundAgentFor(policy);
  const redirects: string[] = [];
  try {
    for (;;) {
      const response = await fetch(hop.url, {
        method: hop.method,
        headers: hop.headers,
        body: hop.body ?? null,
        // Undici must not follow redirects: it would skip our per-hop URL checks.
        redirect: 'manual',
        signal: controller.signal,
        dispatcher,
      });
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) {
        checkDeclaredLength(response.headers, maxBytes);
        const body = await readCappedBody(response.body, maxBytes);
        return {
          status: response.status,
          headers: headersToRecord(response.headers),
          body,
          url: hop.url.href,
          redirects,
        };
      }
      // Release the connection; a redirect body is never wanted.
      await response.body?.cancel().catch(() => undefined);
      if (redirects.length >= maxRedirects) {
        throw new OutboundHttpError(
          'too-many-redirects',
          `more than ${maxRedirects} redirects, last from ${hop.url.origin}`,
        );
      }
      const target = vetTargetUrl(location, policy, hop.url);
      const scope = request.redirectsStayUnder;
      if (scope !== undefined && !isUnderBaseUrl(target, scope)) {
        throw new OutboundHttpError(
          'redirect-outside-base',
          `${hop.url.origin}${hop.url.pathname} redirected to ${target.origin}${target.pathname}, outside ${scope.href}; ` +
            "not followed, so the connector's headers go nowhere else",
        );
      }
      redirects.push(target.href);
      hop = nextHop(hop, response.status, target);
    }
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason === timeout) throw timeout;
    // Tear down whatever is still in flight (an unread body after a refused length, a half-read
    // stream) so the connection is not left holding a response nobody will consume.
    controller.abort();
    const own = ownError(error);
    if (own !== undefined) throw own;
    // Unknown errors are not passed on as causes: undici messages can quote header values, and
    // Temporal stores the whole cause chain in workflow history.
    const code = errorCode(error);
    throw new OutboundHttpError(
      'network',
      `request to ${hop.url.origin} failed${code === undefined ? '' : ` (${code})`}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
