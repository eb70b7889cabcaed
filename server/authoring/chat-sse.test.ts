import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppRouter } from '../trpc/app.router';
import { hashPassword } from '../auth/password';
import { startOpenAiServer, type FakeOpenAiServer } from '../test/fakes/openai.fake';
import { migratedTestDatabase, type MigratedDatabase } from '../test/test-database';
import { startTestServer, testConfig, type TestServer } from '../test/test-server';
import { sessionCookieFrom, trpcMutation } from '../test/trpc-http';

// The chat's streamed turn over real HTTP: tRPC's subscription link, server-sent events through
// Hono, the session cookie on both kinds of request — what the browser and other apps use.

let db: MigratedDatabase;
let server: TestServer;
let llm: FakeOpenAiServer;
const origin = 'http://localhost:5173';

beforeAll(async () => {
  db = await migratedTestDatabase();
  llm = await startOpenAiServer();
  server = await startTestServer(testConfig(db.url, { OPENAI_API_KEY: 'sk-sse', OPENAI_BASE_URL: `${llm.url}/v1`, PUBLIC_URL: origin }));
  await server.services.models.User.create({ name: 'Sam', email: 'sam@example.com', password: await hashPassword('sam password'), role: 'member' });
});
afterAll(async () => {
  await server?.close();
  await llm?.close();
  await db?.drop();
});

it('streams a chat turn to a tRPC client over server-sent events', async () => {
  const login = await trpcMutation(server.baseUrl, 'auth.login', { email: 'sam@example.com', password: 'sam password' });
  const cookie = sessionCookieFrom(login.headers)!;
  const withSession = (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie, origin } });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: `${server.baseUrl}/trpc`, EventSource, eventSourceOptions: () => ({ fetch: withSession }) }),
        false: httpBatchLink({ url: `${server.baseUrl}/trpc`, fetch: withSession }),
      }),
    ],
  });

  const { conversationId } = await client.chat.start.mutate({});
  const spec = { trigger: { type: 'manual' }, nodes: [{ id: 'hi', type: 'transform', name: 'Hi', config: { fields: [{ name: 'say', value: 'hello' }] } }], edges: [] };
  llm.script({ content: JSON.stringify({ reply: 'A tiny workflow that says hello to you.', questions: [], name: 'Hello', spec }) });

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
