import { Agent, fetch as undiciFetch } from 'undici';

/** Raw tRPC-over-HTTP calls, for tests that inspect status codes, headers and cookies. */
export interface HttpCall {
  status: number;
  headers: Headers;
  body: any;
}

interface Options {
  cookie?: string;
  origin?: string | null;
  /**
   * The local address to connect from, for a request that must come from another client address
   * (any of 127.0.0.0/8 reaches a loopback server on Linux).
   */
  from?: string;
}

interface Call {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  from?: string | undefined;
}

async function call(url: string, { from, ...init }: Call): Promise<HttpCall> {
  // Node's own fetch cannot choose the local address; undici's, with an agent of its own, can.
  const dispatcher = from === undefined ? undefined : new Agent({ localAddress: from });
  try {
    const response = dispatcher ? await undiciFetch(url, { ...init, dispatcher }) : await fetch(url, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers as Headers, body: text ? JSON.parse(text) : null };
  } finally {
    await dispatcher?.close();
  }
}

export function trpcMutation(
  baseUrl: string,
  path: string,
  input: unknown,
  { cookie, origin = 'http://localhost:5173', from }: Options = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin) headers.origin = origin;
  if (cookie) headers.cookie = cookie;
  return call(`${baseUrl}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input), from });
}

export function trpcQuery(baseUrl: string, path: string, { cookie }: Options = {}) {
  return call(`${baseUrl}/trpc/${path}`, { method: 'GET', headers: cookie ? { cookie } : {} });
}

/** `name=value` of the response's session cookie, ready to send back. */
export function sessionCookieFrom(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('wfa_session='));
  return cookie?.split(';')[0];
}

/**
 * Signs in over HTTP, as the web client does, and returns the session cookie to send back; throws,
 * with the answer, when no session was given.
 */
export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await trpcMutation(baseUrl, 'auth.login', { email, password });
  const cookie = sessionCookieFrom(response.headers);
  if (!cookie) throw new Error(`signing in as ${email} failed: ${JSON.stringify(response.body)}`);
  return cookie;
}
