/** Raw tRPC-over-HTTP calls, for tests that inspect status codes, headers and cookies. */
export interface HttpCall {
  status: number;
  headers: Headers;
  body: any;
}

interface Options {
  cookie?: string;
  origin?: string | null;
}

async function call(url: string, init: RequestInit): Promise<HttpCall> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export function trpcMutation(
  baseUrl: string,
  path: string,
  input: unknown,
  { cookie, origin = 'http://localhost:5173' }: Options = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin) headers.origin = origin;
  if (cookie) headers.cookie = cookie;
  return call(`${baseUrl}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
}

export function trpcQuery(baseUrl: string, path: string, { cookie }: Options = {}) {
  return call(`${baseUrl}/trpc/${path}`, { headers: cookie ? { cookie } : {} });
}

/** `name=value` of the response's session cookie, ready to send back. */
export function sessionCookieFrom(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('wfa_session='));
  return cookie?.split(';')[0];
}
