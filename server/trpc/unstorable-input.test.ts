import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../core/db/storable';
import type { SpecNode, Trigger, WorkflowSpec } from '../../core/spec/spec.schema';
import { rowCounts } from '../../testing/row-counts';
import { createAdmin } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { sessionCookieFrom, trpcMutation } from '../../testing/trpc-http';
import { appRouter } from './app.router';

// Text and JSON that PostgreSQL cannot store as sent (a NUL, an unpaired surrogate, 10,000 levels
// of nesting), sent over real HTTP as an attacker would, signed in as an admin so that every
// access check passes: each is a 400 naming the field, never a 500, and nothing is stored.

let db: MigratedDatabase;
let server: TestServer;
let cookie: string;
const origin = 'http://localhost:5173';
const someId = '00000000-0000-4000-8000-000000000000';
/** The admin's workflow, for workflows.updateSpec, which finds the workflow before reading the spec. */
const workflowId = '00000000-0000-4000-8000-00000000000f';

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url, { PUBLIC_URL: origin }));
  const admin = await createAdmin(server.services.models);
  await server.services.models.Workflow.create({
    id: workflowId,
    ownerId: admin.id,
    name: 'Digest',
    specJson: spec(),
    llmPromptVersion: null,
  });
  cookie = sessionCookieFrom(
    (await trpcMutation(server.baseUrl, 'auth.login', { email: 'root@example.com', password: 'root passphrase' }))
      .headers,
  )!;
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

type TransformNode = Extract<SpecNode, { type: 'transform' }>;
const spec = (node: Partial<TransformNode> = {}, trigger: Trigger = { type: 'manual' }): WorkflowSpec => ({
  trigger,
  nodes: [{ id: 'say', type: 'transform', name: 'Say', config: { fields: [{ name: 'text', value: 'hi' }] }, ...node }],
  edges: [],
});
const httpConfig = (headerValue: string) => ({
  baseUrl: 'https://billing.example.com',
  auth: 'none',
  headers: [{ name: 'X-Tenant', value: headerValue }],
});
/** JSON text nesting `depth` arrays, written out: a JS value that deep would overflow JSON.stringify. */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const typeOf = (path: string) =>
  (appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>)[
    path
  ]!._def.type;

/** The answer's error, read from the JSON body, or from the event stream of a subscription. */
async function send(path: string, body: string) {
  const headers = { cookie, origin, 'content-type': 'application/json' };
  const type = typeOf(path);
  const response =
    type === 'mutation'
      ? await fetch(`${server.baseUrl}/trpc/${path}`, { method: 'POST', headers, body })
      : await fetch(`${server.baseUrl}/trpc/${path}?input=${encodeURIComponent(body)}`, {
          headers,
          signal: AbortSignal.timeout(5000),
        });
  const text = await response.text();
  if (type !== 'subscription') return { status: response.status, error: JSON.parse(text).error };
  // A subscription answers 200 and streams its refusal as an event.
  const error = JSON.parse(/event: serialized-error\ndata: (.*)\n/.exec(text)?.[1] ?? 'null');
  return { status: error?.data.httpStatus, error };
}

/** Where the error says the problem is: the spec validator's problem path, or zod's issue path. */
function whereOf(error: { message: string; data: { details?: { problems: Array<{ path: string }> } } }) {
  const problems = error.data.details?.problems;
  if (problems) return problems[0]!.path;
  return (JSON.parse(error.message) as Array<{ path: Array<string | number> }>)[0]!.path.join('.');
}

interface Attack {
  path: string;
  attack: string;
  /** The input, or its JSON text when JSON.stringify cannot write it. */
  input: unknown;
  raw?: string;
  /** The field the refusal names. */
  where: string | RegExp;
}

const attacks: Attack[] = [
  { path: 'apiTokens.create', attack: 'a NUL in the name', input: { name: 'CI\u0000' }, where: 'name' },
  { path: 'apiTokens.create', attack: 'a lone surrogate in the name', input: { name: 'CI\uD800' }, where: 'name' },
  {
    path: 'connectors.create',
    attack: 'a NUL in the name',
    input: { name: 'Model\u0000', type: 'openai', config: {}, secret: { apiKey: 'sk-1' } },
    where: 'name',
  },
  {
    path: 'connectors.create',
    attack: 'a lone surrogate in a header',
    input: { name: 'Billing', type: 'http', config: httpConfig('acme\uDC00'), secret: null },
    where: 'config.headers.0.value',
  },
  {
    path: 'connectors.update',
    attack: 'a lone surrogate in the name',
    input: { connectorId: someId, name: 'x\uDBFF' },
    where: 'name',
  },
  {
    path: 'connectors.update',
    attack: 'a NUL in a secret',
    input: { connectorId: someId, secret: { apiKey: 'k\u0000' } },
    where: 'secret.apiKey',
  },
  {
    path: 'workflows.create',
    attack: 'a NUL in the name',
    input: { name: 'Digest\u0000', spec: spec() },
    where: 'name',
  },
  {
    path: 'workflows.create',
    attack: 'a lone surrogate in the description',
    input: { name: 'Digest', description: '\uD800', spec: spec() },
    where: 'description',
  },
  {
    path: 'workflows.create',
    attack: "a NUL in a node's name",
    input: { name: 'Digest', spec: spec({ name: 'Say\u0000' }) },
    where: 'nodes.0.name',
  },
  {
    path: 'workflows.create',
    attack: 'a NUL in the time zone',
    input: { name: 'Digest', spec: spec({}, { type: 'cron', cron: '0 9 * * *', timezone: 'UTC\u0000' }) },
    where: 'trigger.timezone',
  },
  {
    path: 'workflows.updateSpec',
    attack: 'a NUL in a template',
    input: { workflowId, spec: spec({ config: { fields: [{ name: 'text', value: 'hello\u0000' }] } }) },
    where: 'nodes.0.config.fields.0.value',
  },
  { path: 'workflows.list', attack: 'a NUL in the search', input: { search: 'inv\u0000' }, where: 'search' },
  {
    path: 'runs.start',
    attack: 'a NUL in a nested string',
    input: { workflowId: someId, input: { customer: { name: 'A\u0000' } } },
    where: 'input.customer.name',
  },
  {
    path: 'runs.start',
    attack: 'a NUL in a key',
    input: { workflowId: someId, input: { lines: [{ 'sku\u0000': 1 }] } },
    where: 'input.lines.0',
  },
  {
    path: 'runs.start',
    attack: 'a lone surrogate',
    input: { workflowId: someId, input: { customer: '\uDC00' } },
    where: 'input.customer',
  },
  {
    path: 'runs.start',
    attack: '10,000 levels of nesting',
    input: null,
    raw: `{"workflowId": "${someId}", "input": {"lines": ${deepArray(10_000)}}}`,
    where: new RegExp(`^input\\.lines(\\.0){${MAX_JSON_DEPTH - 1}}$`),
  },
  {
    path: 'runs.start',
    attack: 'a number beyond a double',
    input: null,
    raw: `{"workflowId": "${someId}", "input": {"total": 1e400}}`,
    where: 'input.total',
  },
  {
    path: 'runs.decideApproval',
    attack: 'a NUL in the comment',
    input: { runId: someId, nodeId: 'ok', decision: 'approved', comment: 'fine\u0000' },
    where: 'comment',
  },
  {
    path: 'secrets.create',
    attack: 'a NUL in the value',
    input: { name: 'token', value: 'abc\u0000' },
    where: 'value',
  },
  {
    path: 'users.create',
    attack: 'a NUL in the name',
    input: { name: 'Ann\u0000', email: 'ann@example.com', password: 'a long passphrase' },
    where: 'name',
  },
  {
    path: 'alerts.update',
    attack: 'a NUL in the webhook URL',
    input: { workflowId, email: { enabled: false }, webhook: { enabled: true, url: 'https://hooks.acme.test/\u0000' } },
    where: 'webhook.url',
  },
  { path: 'auditLogs.list', attack: 'a NUL in a filter', input: { action: 'user.create\u0000' }, where: 'action' },
  {
    path: 'chat.send',
    attack: 'a NUL in the message',
    input: { conversationId: someId, text: 'hello\u0000' },
    where: 'text',
  },
];

it.each(attacks)('$path refuses $attack with a 400 naming the field, storing nothing', async (attack) => {
  const before = await rowCounts(db.sequelize);
  const { status, error } = await send(attack.path, attack.raw ?? JSON.stringify(attack.input));
  expect(status, JSON.stringify(error)).toBe(400);
  const where =
    typeof attack.where === 'string' ? new RegExp(`^${attack.where.replaceAll('.', '\\.')}$`) : attack.where;
  expect(whereOf(error)).toMatch(where);
  expect(await rowCounts(db.sequelize)).toEqual(before);
});
