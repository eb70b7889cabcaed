import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppRouter } from '../trpc/app.router';
import { hashPassword } from '../../core/auth/password';
import { startOpenAiServer, type FakeOpenAiServer } from '../../testing/fakes/openai.fake';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import { signInOverHttp, trpcMutation } from '../../testing/trpc-http';

// The chat's streamed turn over real HTTP: tRPC's subscription link, server-sent events through
// Hono, the session cookie on both kinds of request — what the browser and other apps use.

let env: RunEnvironment;
const baseUrl = () => env.baseUrl!;
let llm: FakeOpenAiServer;
const origin = 'http://localhost:5173';

beforeAll(async () => {
  llm = await startOpenAiServer();
  // The real HTTP API, with a worker: a valid proposal is tested on Temporal (decision 0011).
  env = await startRunEnvironment(
    { OPENAI_API_KEY: 'sk-sse', OPENAI_BASE_URL: `${llm.url}/v1`, PUBLIC_URL: origin },
    { http: true },
  );
  await env.services.models.User.create({
    name: 'Sam',
    email: 'sam@example.com',
    password: await hashPassword('sam password'),
    role: 'member',
  });
});
afterAll(async () => {
  await env?.close();
  await llm?.close();
});

it('streams a chat turn to a tRPC client over server-sent events', async () => {
  const cookie = await signInOverHttp(baseUrl(), 'sam@example.com', 'sam password');
  const withSession = (input: RequestInfo | URL, init?: RequestInit) =>
    fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie, origin } });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${baseUrl()}/trpc`,
          EventSource,
          eventSourceOptions: () => ({ fetch: withSession }),
        }),
        false: httpBatchLink({ url: `${baseUrl()}/trpc`, fetch: withSession }),
      }),
    ],
  });

  const { conversationId } = await client.chat.start.mutate({});
  const spec = {
    trigger: { type: 'manual' },
    nodes: [{ id: 'hi', type: 'transform', name: 'Hi', config: { fields: [{ name: 'say', value: 'hello' }] } }],
    edges: [],
  };
  llm.script({
    content: JSON.stringify({ reply: 'A tiny workflow that says hello to you.', questions: [], name: 'Hello', spec }),
  });

  const events: Array<{ type: string; text?: string; message?: { proposalStatus: string | null } }> = [];
  await new Promise<void>((resolve, reject) => {
    const subscription = client.chat.send.subscribe(
      { conversationId, text: 'say hello' },
      {
        onData: (event) => {
          events.push(event as (typeof events)[number]);
          if (event.type === 'done') {
            subscription.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      },
    );
  });
  expect(events[0]!.type).toBe('stored');
  const deltas = events.filter((e) => e.type === 'delta');
  expect(deltas.length).toBeGreaterThan(1);
  expect(deltas.map((e) => e.text).join('')).toBe('A tiny workflow that says hello to you.');
  expect(events.at(-1)).toMatchObject({ type: 'done', message: { proposalStatus: 'proposed' } });
});

it.each(['cross-site', 'same-site'])(
  'refuses a %s GET of the streamed turn, which would change state with the Lax cookie, and stores nothing',
  async (site) => {
    const cookie = await signInOverHttp(baseUrl(), 'sam@example.com', 'sam password');
    const { conversationId } = (await trpcMutation(baseUrl(), 'chat.start', {}, { cookie, origin })).body.result.data;
    const input = encodeURIComponent(JSON.stringify({ conversationId, text: 'forged turn' }));
    const response = await fetch(`${baseUrl()}/trpc/chat.send?input=${input}`, {
      headers: { cookie, 'sec-fetch-site': site, accept: 'text/event-stream' },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(new RegExp(`Refused a ${site} request`));
    expect(await env.services.models.ChatMessage.count({ where: { conversationId } })).toBe(0);
    expect(llm.requests.filter((r) => JSON.stringify(r.body).includes('forged turn'))).toEqual([]);
  },
);

it('answers a same-origin GET of a query, as the app pages send it', async () => {
  const cookie = await signInOverHttp(baseUrl(), 'sam@example.com', 'sam password');
  const response = await fetch(`${baseUrl()}/trpc/auth.me`, {
    headers: { cookie, 'sec-fetch-site': 'same-origin' },
  });
  expect(response.status).toBe(200);
});
