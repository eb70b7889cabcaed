import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { isIP } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAddressAllowed } from './address-policy';
import { OutboundBlockedError, OutboundHttpError } from './outbound-error';
import type { OutboundPolicy } from './outbound-policy';
import { closeOutboundAgents, safeFetch } from './safe-fetch';
import { startHttpTestServer, type HttpTestServer } from '../../../testing/http-test-server';

const publicOnly: OutboundPolicy = { allow: new Set() };
const loopbackAllowed: OutboundPolicy = { allow: new Set(['loopback']) };

// The machine has no internet and tests must never try it: every host undici starts to connect
// to is recorded, and after each test all of them must be loopback.
const connectAttempts: string[] = [];
const onBeforeConnect = (message: unknown): void => {
  connectAttempts.push((message as { connectParams: { hostname: string } }).connectParams.hostname);
};
beforeAll(() => subscribe('undici:client:beforeConnect', onBeforeConnect));
afterAll(() => unsubscribe('undici:client:beforeConnect', onBeforeConnect));
beforeEach(() => {
  connectAttempts.length = 0;
});
afterEach(() => {
  for (const host of connectAttempts) {
    if (host === 'localhost') continue;
    expect(isIP(host), `connect attempt to ${host}`).not.toBe(0);
    expect(isAddressAllowed(host, publicOnly), `connect attempt to ${host}`).toEqual({
      allowed: false,
      range: 'loopback',
    });
  }
});
afterAll(() => closeOutboundAgents());

/** The error a promise rejects with (fails the test if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => new Error('expected a failure, got a response'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof OutboundBlockedError || outcome instanceof OutboundHttpError)) throw outcome;
  return outcome;
}

let api: HttpTestServer;
let other: HttpTestServer;
let hung: HttpTestServer;

beforeAll(async () => {
  api = await startHttpTestServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    switch (url.pathname) {
      case '/hello':
        response.setHeader('X-Reply', 'yes');
        response.end('hello');
        return;
      case '/echo':
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            method: request.method,
            body: request.body,
            authorization: request.headers.authorization ?? null,
          }),
        );
        return;
      case '/redirect': {
        response.statusCode = Number(url.searchParams.get('status') ?? 302);
        response.setHeader('location', url.searchParams.get('to') ?? '/hello');
        response.end('moved');
        return;
      }
      case '/loop':
        response.statusCode = 302;
        response.setHeader('location', '/loop');
        response.end();
        return;
      case '/big': {
        // Chunked, no content-length: the cap has to be enforced while reading.
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let sent = 0;
        const pump = (): void => {
          while (sent < 64) {
            sent += 1;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        response.on('close', () => {
          sent = 64;
        });
        pump();
        return;
      }
      case '/declared-big':
        response.setHeader('content-length', String(1024 * 1024));
        response.write('x'.repeat(100));
        // The rest never comes; only the declared length can trip the cap.
        return;
      default:
        response.statusCode = 404;
        response.end();
    }
  });
  other = await startHttpTestServer((request, response) => {
    response.end(
      JSON.stringify({ authorization: request.headers.authorization ?? null, cookie: request.headers.cookie ?? null }),
    );
  });
  hung = await startHttpTestServer(() => {
    // Never answers.
  });
});
afterAll(async () => {
  await Promise.all([api.close(), other.close(), hung.close()]);
});

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('safeFetch address policy', () => {
  it('refuses a loopback server by default, naming the address and the setting, without connecting', async () => {
    const error = await failureOf(safeFetch({ url: `${api.url}/hello?token=s3cret` }, publicOnly));
    expect(error).toBeInstanceOf(OutboundBlockedError);
    expect(error).toMatchObject({ host: '127.0.0.1', address: '127.0.0.1', range: 'loopback' });
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).toContain('OUTBOUND_ALLOW_NETWORKS=loopback');
    expect(error.message).not.toContain('s3cret');
    expect(api.requests).toHaveLength(0);
    expect(connectAttempts).toEqual([]);
  });

  it('reaches the loopback server when loopback is allowed', async () => {
    const response = await safeFetch({ url: `${api.url}/hello` }, loopbackAllowed);
    expect(response).toMatchObject({ status: 200, url: `${api.url}/hello`, redirects: [] });
    expect(response.headers['x-reply']).toBe('yes');
    expect(text(response.body)).toBe('hello');
  });

  it('reuses keep-alive connections for requests under the same policy', async () => {
    const server = await startHttpTestServer((_request, response) => response.end('ok'));
    try {
      for (let index = 0; index < 6; index += 1) {
        await safeFetch({ url: `${server.url}/` }, { allow: new Set(['loopback']) });
      }
      expect(server.requests).toHaveLength(6);
      // Plain undici also opens a second socket while the first is still being released, then
      // reuses; a fresh Agent per call would show six.
      expect(server.connections()).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['decimal', (port: number) => `http://2130706433:${port}/`],
    ['hexadecimal', (port: number) => `http://0x7f000001:${port}/`],
    ['short dotted', (port: number) => `http://127.1:${port}/`],
    ['mixed hex', (port: number) => `http://0x7f.1:${port}/`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['IPv6', (port: number) => `http://[::1]:${port}/`],
  ])('refuses the %s loopback literal before any connection', async (_form, url) => {
    const before = api.requests.length;
    const error = await failureOf(safeFetch({ url: url(api.port) }, publicOnly));
    expect(error).toBeInstanceOf(OutboundBlockedError);
    expect((error as OutboundBlockedError).range).toBe('loopback');
    expect(api.requests.length).toBe(before);
    expect(connectAttempts).toEqual([]);
  });

  it('refuses localhost through the DNS check at connect time', async () => {
    const before = api.requests.length;
    const error = await failureOf(safeFetch({ url: `http://localhost:${api.port}/hello` }, publicOnly));
    expect(error).toBeInstanceOf(OutboundBlockedError);
    expect(error).toMatchObject({ host: 'localhost', range: 'loopback' });
    expect(error.message).toMatch(/localhost \(resolves to (127\.0\.0\.1|::1)\)/);
    expect(api.requests.length).toBe(before);
    // It got as far as the connector, i.e. this was the DNS path, not the literal-IP check.
    expect(connectAttempts).toEqual(['localhost']);
  });

  it('reaches localhost when loopback is allowed', async () => {
    const response = await safeFetch({ url: `http://localhost:${api.port}/hello` }, loopbackAllowed);
    expect(text(response.body)).toBe('hello');
  });
});

describe('safeFetch redirects', () => {
  it.each(['http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', 'http://[::ffff:a9fe:a9fe]/'])(
    'refuses a redirect to %s even when the first hop was allowed',
    async (target) => {
      const before = api.requests.length;
      const error = await failureOf(
        safeFetch({ url: `${api.url}/redirect?to=${encodeURIComponent(target)}` }, loopbackAllowed),
      );
      expect(error).toBeInstanceOf(OutboundBlockedError);
      expect(api.requests.length).toBe(before + 1);
    },
  );

  it('refuses a redirect to a non-http scheme', async () => {
    const error = await failureOf(safeFetch({ url: `${api.url}/redirect?to=file:///etc/passwd` }, loopbackAllowed));
    expect(error).toMatchObject({ kind: 'bad-url' });
  });

  it('follows relative redirects and records each hop', async () => {
    const second = `/redirect?status=301&to=${encodeURIComponent('hello')}`;
    const response = await safeFetch({ url: `${api.url}/redirect?to=${encodeURIComponent(second)}` }, loopbackAllowed);
    expect(response.status).toBe(200);
    expect(text(response.body)).toBe('hello');
    expect(response.redirects).toEqual([`${api.url}${second}`, `${api.url}/hello`]);
    expect(response.url).toBe(`${api.url}/hello`);
  });

  it('stops a redirect loop after maxRedirects', async () => {
    const before = api.requests.length;
    const error = await failureOf(safeFetch({ url: `${api.url}/loop`, maxRedirects: 3 }, loopbackAllowed));
    expect(error).toMatchObject({ kind: 'too-many-redirects' });
    expect(api.requests.length - before).toBe(4);
    await expect(safeFetch({ url: `${api.url}/loop` }, loopbackAllowed)).rejects.toMatchObject({
      kind: 'too-many-redirects',
    });
  });

  it('turns a POST into a body-less GET on 303 and keeps it on 307', async () => {
    const post = { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } };
    const seeOther = await safeFetch({ url: `${api.url}/redirect?status=303&to=/echo`, ...post }, loopbackAllowed);
    expect(JSON.parse(text(seeOther.body))).toMatchObject({ method: 'GET', body: '' });
    expect(api.requests.at(-1)?.headers['content-type']).toBeUndefined();
    const temporary = await safeFetch({ url: `${api.url}/redirect?status=307&to=/echo`, ...post }, loopbackAllowed);
    expect(JSON.parse(text(temporary.body))).toMatchObject({ method: 'POST', body: 'payload' });
  });

  it('drops authorization and cookie when a redirect changes origin, keeps them within one', async () => {
    const headers = { Authorization: 'Bearer s3cret', Cookie: 'sid=1' };
    const sameOrigin = await safeFetch({ url: `${api.url}/redirect?to=/echo`, headers }, loopbackAllowed);
    expect(JSON.parse(text(sameOrigin.body))).toMatchObject({ authorization: 'Bearer s3cret' });

    const crossOrigin = await safeFetch(
      { url: `${api.url}/redirect?to=${encodeURIComponent(`${other.url}/whoami`)}`, headers },
      loopbackAllowed,
    );
    expect(JSON.parse(text(crossOrigin.body))).toEqual({ authorization: null, cookie: null });
    expect(crossOrigin.url).toBe(`${other.url}/whoami`);
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer s3cret');
  });
});

describe('safeFetch redirectsStayUnder', () => {
  const scope = () => new URL(`${api.url}/redirect`);

  it.each([
    ['another origin', () => `${other.url}/redirect`],
    ['a path outside the base', () => `${api.url}/echo`],
    ['a sibling path sharing the prefix', () => `${api.url}/redirect-elsewhere`],
  ])('refuses a redirect to %s without contacting it, naming both ends', async (_, target) => {
    const before = { api: api.requests.length, other: other.requests.length };
    const error = await failureOf(
      safeFetch(
        {
          url: `${api.url}/redirect?to=${encodeURIComponent(target())}`,
          headers: { 'x-api-key': 'k3y-never-leaves' },
          redirectsStayUnder: scope(),
        },
        loopbackAllowed,
      ),
    );
    expect(error).toMatchObject({ kind: 'redirect-outside-base' });
    expect(error.message).toContain(`redirected to ${new URL(target()).origin}${new URL(target()).pathname}`);
    expect(error.message).not.toContain('k3y-never-leaves');
    expect(api.requests.length - before.api).toBe(1);
    expect(other.requests.length).toBe(before.other);
  });

  it('follows a redirect that stays under the base, headers and all', async () => {
    const response = await safeFetch(
      {
        url: `${api.url}/redirect?to=/hello`,
        headers: { 'x-api-key': 'k3y' },
        redirectsStayUnder: new URL(`${api.url}/`),
      },
      loopbackAllowed,
    );
    expect(text(response.body)).toBe('hello');
    expect(api.requests.at(-1)).toMatchObject({ url: '/hello', headers: { 'x-api-key': 'k3y' } });
  });
});

describe('safeFetch limits and errors', () => {
  it('aborts a streamed body past maxResponseBytes', async () => {
    const error = await failureOf(safeFetch({ url: `${api.url}/big`, maxResponseBytes: 100_000 }, loopbackAllowed));
    expect(error).toMatchObject({ kind: 'too-large' });
    const whole = await safeFetch({ url: `${api.url}/big`, maxResponseBytes: 1024 * 1024 }, loopbackAllowed);
    expect(whole.body.byteLength).toBe(1024 * 1024);
  });

  it('refuses a declared content-length past maxResponseBytes without waiting for the body', async () => {
    const error = await failureOf(
      safeFetch({ url: `${api.url}/declared-big`, maxResponseBytes: 1000, timeoutMs: 5_000 }, loopbackAllowed),
    );
    expect(error).toMatchObject({ kind: 'too-large' });
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    const error = await failureOf(safeFetch({ url: `${hung.url}/`, timeoutMs: 300 }, loopbackAllowed));
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    'file:///etc/passwd',
    'ftp://example.com/x',
    'data:text/plain,hi',
    'gopher://example.com/',
    'javascript:alert(1)',
    'not a url',
    '/relative',
  ])('refuses %s as bad-url', async (url) => {
    const error = await failureOf(safeFetch({ url }, loopbackAllowed));
    expect(error).toMatchObject({ kind: 'bad-url' });
  });

  it('refuses URLs with credentials without repeating them', async () => {
    const before = api.requests.length;
    const error = await failureOf(
      safeFetch({ url: `http://user:hunter2@127.0.0.1:${api.port}/hello` }, loopbackAllowed),
    );
    expect(error).toMatchObject({ kind: 'bad-url' });
    expect(error.message).not.toContain('hunter2');
    expect(api.requests.length).toBe(before);
  });

  it('refuses malformed headers without quoting their values', async () => {
    const error = await failureOf(
      safeFetch({ url: `${api.url}/hello`, headers: { 'x-api-key': 's3cret\r\nx: y' } }, loopbackAllowed),
    );
    expect(error).toMatchObject({ kind: 'bad-url' });
    expect(error.message).toContain('x-api-key');
    expect(error.message).not.toContain('s3cret');
  });

  it('reports a refused connection as a network error with its code', async () => {
    const closed = await startHttpTestServer(() => undefined);
    await closed.close();
    const error = await failureOf(safeFetch({ url: `${closed.url}/` }, loopbackAllowed));
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.message).toContain('ECONNREFUSED');
  });
});
