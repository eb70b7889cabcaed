// A fetch-shaped front for safeFetch, for client libraries that take a custom fetch (the OpenAI
// SDK): their requests then obey the same outbound policy, redirect checks and caps as the nodes'.
import { safeFetch, type OutboundPolicy } from './safe-fetch';

// Statuses whose Response must be built without a body.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** A `fetch` that sends every request through safeFetch under `policy`, within `limits`. */
export function guardedFetch(policy: OutboundPolicy, limits: { timeoutMs: number; maxResponseBytes: number }) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const response = await safeFetch(
      { url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body, ...limits },
      policy,
    );
    // safeFetch hands back the decoded body: the headers that described the encoded one would mislead.
    const { 'content-encoding': _encoding, 'content-length': _length, ...headers } = response.headers;
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : new Uint8Array(response.body), {
      status: response.status,
      headers,
    });
  };
}
