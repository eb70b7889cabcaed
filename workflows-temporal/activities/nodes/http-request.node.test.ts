import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskLogs } from '../../../core/run/task-logs';
import type { HttpRequestConfig } from '../../../core/spec/node-configs';
import type { SpecNode, WorkflowSpec } from '../../../core/spec/spec.schema';
import { createConnector } from '../../../testing/fixtures';
import { startHttpTestServer, type HttpTestServer } from '../../../testing/http-test-server';
import { runToEnd, startRunEnvironment, type RunEnvironment } from '../../../testing/run-environment';

// http_request nodes through the real interpreter, against real loopback servers: what an
// attacker who controls a template or a redirect can and cannot make the worker do.

const apiKey = 'xk-live-93b1f0c2d8e7';
let env: RunEnvironment;
let api: HttpTestServer;
let elsewhere: HttpTestServer;
let connectorId: string;

beforeAll(async () => {
  env = await startRunEnvironment();
  api = await startHttpTestServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname === '/sec/redirect')
      return response.writeHead(302, { location: url.searchParams.get('to')! }).end();
    // JSON escapes for a NUL and half a surrogate pair: valid JSON that jsonb refuses as it is.
    if (url.pathname === '/sec/unstorable')
      return response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(String.raw`{"text":"a\u0000b","half":"\ud800","ok":"😀"}`);
    // Busy until it has seen a key three times: only a key kept across attempts ever gets through.
    if (url.pathname === '/flaky') {
      const seen = api.requests.filter(
        (r) => r.url === '/flaky' && r.headers['idempotency-key'] === request.headers['idempotency-key'],
      );
      if (seen.length < 3) return response.writeHead(503).end('busy');
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  elsewhere = await startHttpTestServer((_, response) => response.end('thanks'));
  const connector = await createConnector(
    env.services.models,
    env.services.config.APP_ENCRYPTION_KEY,
    env.owner.id,
    'http',
    { baseUrl: `${api.url}/sec`, headers: [], auth: 'none' },
    { headers: [{ name: 'X-Api-Key', value: apiKey }] },
  );
  connectorId = connector.id;
});
afterAll(async () => {
  await env?.close();
  await api?.close();
  await elsewhere?.close();
});

const getVia = (url: string): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'get',
      type: 'http_request',
      name: 'Get',
      config: { connectorId, method: 'GET', url, headers: [], timeoutSeconds: 5 },
    },
  ],
  edges: [],
});

describe('an http_request node with a connector', () => {
  it.each([
    ['another origin', () => `${elsewhere.url}/stolen`],
    ['a path outside the base URL', () => `${api.url}/other`],
  ])('refuses a redirect to %s: the connector header goes nowhere else, no retry', async (_, target) => {
    const before = api.requests.length;
    const { run, task } = await runToEnd(
      env.services,
      env.owner,
      getVia(`/redirect?to=${encodeURIComponent(target())}`),
    );
    expect(run.runStatus).toBe('failed');
    expect(task('get')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect((task('get').logs as TaskLogs).error).toMatchObject({
      type: 'Outbound:redirect-outside-base',
      retryable: false,
      message: expect.stringContaining(`outside ${api.url}/sec`),
    });
    expect(elsewhere.requests).toEqual([]);
    expect(api.requests.slice(before).map((r) => r.url)).toEqual([`/sec/redirect?to=${encodeURIComponent(target())}`]);
    expect(api.requests.at(-1)?.headers['x-api-key']).toBe(apiKey);
  });

  it('follows a redirect that stays under the base URL, with the connector header', async () => {
    const { run } = await runToEnd(env.services, env.owner, getVia(`/redirect?to=${encodeURIComponent('/sec/ok')}`));
    expect(run.runStatus).toBe('success');
    expect(api.requests.at(-1)).toMatchObject({ url: '/sec/ok', headers: { 'x-api-key': apiKey } });
  });
});

describe('an http_request node whose answer PostgreSQL cannot store as it is', () => {
  it('stores it with U+FFFD for each NUL and unpaired surrogate, and says so, instead of failing', async () => {
    const { run, task } = await runToEnd(env.services, env.owner, getVia('/unstorable'));
    expect(run.runStatus).toBe('success');
    const logs = task('get').logs as TaskLogs;
    expect(logs.output).toMatchObject({ body: { text: 'a\uFFFDb', half: '\uFFFD', ok: '😀' } });
    expect(logs.entries?.at(-1)).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(/^2 character\(s\) PostgreSQL cannot store/),
    });
  });
});

describe('an http_request node and the Idempotency-Key header', () => {
  const post = (id: string, config: Partial<HttpRequestConfig> = {}): SpecNode => ({
    id,
    type: 'http_request',
    name: id,
    config: { method: 'POST', url: `${api.url}/${id}`, headers: [], timeoutSeconds: 5, ...config },
  });
  const spec = (...nodes: SpecNode[]): WorkflowSpec => ({ trigger: { type: 'manual' }, nodes, edges: [] });
  const keysAt = (path: string) => api.requests.filter((r) => r.url === path).map((r) => r.headers['idempotency-key']);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('sends a key per node with each method that changes something, none with GET or HEAD', async () => {
    const methods = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'HEAD'] as const;
    const nodes = methods.map((method) => post(method.toLowerCase(), { method }));
    expect((await runToEnd(env.services, env.owner, spec(...nodes))).run.runStatus).toBe('success');
    const keys = methods.map((method) => keysAt(`/${method.toLowerCase()}`));
    expect(keys).toEqual([...Array(4).fill([expect.stringMatching(uuid)]), [undefined], [undefined]]);
    expect(new Set(keys.slice(0, 4).flat()).size).toBe(4);
  });

  it('sends the same key on every attempt after a 5xx, and another in the next run', async () => {
    const retry = { maximumAttempts: 3, initialIntervalSeconds: 0.1, backoffCoefficient: 1 };
    const flaky = spec(post('flaky', { body: '{"amount":10}', retry }));
    const keysOf = async () => {
      const before = keysAt('/flaky').length;
      expect((await runToEnd(env.services, env.owner, flaky)).run.runStatus).toBe('success');
      return keysAt('/flaky').slice(before);
    };
    const [first, second] = [await keysOf(), await keysOf()];
    // /flaky answers only a key's third request: a key changed between attempts would never pass,
    // one kept from the first run would pass at once.
    expect(first).toEqual(Array(3).fill(expect.stringMatching(uuid)));
    expect(new Set(first).size).toBe(1);
    expect(second).toEqual(Array(3).fill(second[0]));
    expect(second[0]).not.toBe(first[0]);
  });

  it.each([
    [
      'the node',
      async () => post('mine', { headers: [{ name: 'IDEMPOTENCY-key', value: 'order-{{ trigger.order }}' }] }),
    ],
    [
      'its connector',
      async () => {
        const { id } = await createConnector(
          env.services.models,
          env.services.config.APP_ENCRYPTION_KEY,
          env.owner.id,
          'http',
          { baseUrl: api.url, headers: [{ name: 'Idempotency-KEY', value: 'order-42' }], auth: 'none' },
          null,
        );
        return post('mine', { connectorId: id, url: '/mine' });
      },
    ],
  ])('keeps a key that %s sets, whatever its letter case', async (_, node) => {
    const before = api.requests.length;
    expect((await runToEnd(env.services, env.owner, spec(await node()), { order: 42 })).run.runStatus).toBe('success');
    // One header with the user's value: a second key would arrive joined to it ("a, b").
    expect(api.requests.slice(before).map((r) => r.headers['idempotency-key'])).toEqual(['order-42']);
  });
});
