import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { callerFor } from '../../testing/caller';
import { createOwner } from '../../testing/fixtures';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { accessFixtures, type AccessFixtures } from './access-fixtures';
import { appRouter } from './app.router';

// Every procedure, called as the resource's owner, as another member, as an admin and signed out.
// "allowed" means the access checks let the call through (it may still end in a business answer
// such as CONFLICT); anything else is the exact error code expected.

type Role = 'owner' | 'member' | 'admin' | 'anonymous';
type Outcome = 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
type Caller = ReturnType<typeof callerFor>;
type Call = (caller: Caller, fx: AccessFixtures) => Promise<unknown>;

const own = { owner: 'allowed', member: 'NOT_FOUND', admin: 'allowed', anonymous: 'UNAUTHORIZED' } as const;
const ownOnly = { owner: 'allowed', member: 'NOT_FOUND', admin: 'NOT_FOUND', anonymous: 'UNAUTHORIZED' } as const;
const signedIn = { owner: 'allowed', member: 'allowed', admin: 'allowed', anonymous: 'UNAUTHORIZED' } as const;
const adminOnly = { owner: 'FORBIDDEN', member: 'FORBIDDEN', admin: 'allowed', anonymous: 'UNAUTHORIZED' } as const;
const anyone = { owner: 'allowed', member: 'allowed', admin: 'allowed', anonymous: 'allowed' } as const;

/** Drains a subscription, so its access checks (which run on the first read) happen. */
async function drain(iterable: AsyncIterable<unknown>) {
  for await (const _ of iterable) void _;
}

const manualSpec = {
  trigger: { type: 'manual' },
  nodes: [{ id: 'a', type: 'transform', name: 'A', config: { fields: [{ name: 'x', value: '1' }] } }],
  edges: [],
};

export const accessMatrix: Record<string, { call: Call; expect: Record<Role, Outcome> }> = {
  'auth.login': {
    call: (c) =>
      c.auth
        .login({ email: 'nobody@example.com', password: 'wrong' })
        .catch((e) => (e.code === 'UNAUTHORIZED' ? 'bad credentials' : Promise.reject(e))),
    expect: anyone,
  },
  'auth.logout': { call: (c) => c.auth.logout(), expect: signedIn },
  'auth.me': { call: (c) => c.auth.me(), expect: signedIn },
  'system.info': { call: (c) => c.system.info(), expect: signedIn },
  'workflows.list': { call: (c) => c.workflows.list({}), expect: signedIn },
  'workflows.get': { call: (c, fx) => c.workflows.get({ workflowId: fx.workflow.id }), expect: own },
  'workflows.create': { call: (c) => c.workflows.create({ name: 'new', spec: manualSpec }), expect: signedIn },
  'workflows.delete': { call: (c, fx) => c.workflows.delete({ workflowId: fx.workflow.id }), expect: own },
  'workflows.activate': { call: (c, fx) => c.workflows.activate({ workflowId: fx.workflow.id }), expect: own },
  'workflows.archive': { call: (c, fx) => c.workflows.archive({ workflowId: fx.workflow.id }), expect: own },
  'workflows.updateSpec': {
    call: (c, fx) => c.workflows.updateSpec({ workflowId: fx.workflow.id, spec: manualSpec }),
    expect: own,
  },
  'workflows.versions': { call: (c, fx) => c.workflows.versions({ workflowId: fx.workflow.id }), expect: own },
  'workflows.restoreVersion': {
    call: (c, fx) => c.workflows.restoreVersion({ workflowId: fx.workflow.id, version: 1 }),
    expect: own,
  },
  'workflows.triggerDetails': {
    call: (c, fx) => c.workflows.triggerDetails({ workflowId: fx.workflow.id }),
    expect: own,
  },
  'workflows.setAgentTool': {
    call: (c, fx) => c.workflows.setAgentTool({ workflowId: fx.workflow.id, enabled: true }),
    expect: own,
  },
  'workflows.rotateWebhookSecret': {
    call: (c, fx) => c.workflows.rotateWebhookSecret({ workflowId: fx.workflow.id }),
    expect: own,
  },
  'alerts.get': { call: (c, fx) => c.alerts.get({ workflowId: fx.workflow.id }), expect: own },
  'alerts.update': {
    call: (c, fx) =>
      c.alerts.update({ workflowId: fx.workflow.id, email: { enabled: false }, webhook: { enabled: false } }),
    expect: own,
  },
  'runs.list': { call: (c) => c.runs.list({}), expect: signedIn },
  'runs.start': { call: (c, fx) => c.runs.start({ workflowId: fx.workflow.id, input: {} }), expect: own },
  'runs.get': { call: (c, fx) => c.runs.get({ runId: fx.run.id }), expect: own },
  'runs.items': {
    call: (c, fx) =>
      c.runs
        .items({ runId: fx.run.id, loop: 'each' })
        .catch((e) => (e.code === 'NOT_FOUND' && /no loop/.test(e.message) ? 'no such loop' : Promise.reject(e))),
    expect: own,
  },
  'runs.watch': { call: async (c, fx) => drain(await c.runs.watch({ runId: fx.run.id })), expect: own },
  'runs.cancel': { call: (c, fx) => c.runs.cancel({ runId: fx.run.id }), expect: own },
  'runs.rerun': { call: (c, fx) => c.runs.rerun({ runId: fx.run.id, spec: 'original' }), expect: own },
  'runs.resume': { call: (c, fx) => c.runs.resume({ runId: fx.run.id }), expect: own },
  'runs.decideApproval': {
    call: (c, fx) => c.runs.decideApproval({ runId: fx.run.id, nodeId: 'ask', decision: 'approved' }),
    expect: own,
  },
  'runs.test': { call: (c, fx) => c.runs.test({ workflowId: fx.workflow.id }), expect: own },
  'runs.preview': { call: (c, fx) => c.runs.preview({ runId: fx.run.id }), expect: own },
  'workflows.pins': { call: (c, fx) => c.workflows.pins({ workflowId: fx.workflow.id }), expect: own },
  'workflows.pin': {
    call: (c, fx) => c.workflows.pin({ workflowId: fx.workflow.id, nodeId: 'ask', output: {} }),
    expect: own,
  },
  'workflows.unpin': { call: (c, fx) => c.workflows.unpin({ workflowId: fx.workflow.id, nodeId: 'ask' }), expect: own },
  'chat.start': { call: (c) => c.chat.start({}), expect: signedIn },
  'chat.fixRun': { call: (c, fx) => c.chat.fixRun({ runId: fx.run.id }), expect: own },
  'chat.messages': { call: (c, fx) => c.chat.messages({ conversationId: fx.conversation.id }), expect: own },
  'chat.send': {
    call: async (c, fx) => drain(await c.chat.send({ conversationId: fx.conversation.id, text: 'hello' })),
    expect: own,
  },
  'chat.accept': { call: (c, fx) => c.chat.accept({ messageId: fx.proposal.id }), expect: own },
  'chat.discard': { call: (c, fx) => c.chat.discard({ messageId: fx.proposal.id }), expect: own },
  'connectors.list': { call: (c) => c.connectors.list({}), expect: signedIn },
  'connectors.get': { call: (c, fx) => c.connectors.get({ connectorId: fx.connector.id }), expect: own },
  'connectors.create': {
    call: (c) =>
      c.connectors.create({
        name: 'new',
        type: 'smtp',
        config: { host: 'mail.example.com', port: 587, from: 'a@example.com' },
      }),
    expect: signedIn,
  },
  'connectors.update': {
    call: (c, fx) => c.connectors.update({ connectorId: fx.connector.id, name: 'renamed' }),
    expect: own,
  },
  'connectors.delete': { call: (c, fx) => c.connectors.delete({ connectorId: fx.connector.id }), expect: own },
  'connectors.test': { call: (c, fx) => c.connectors.test({ connectorId: fx.connector.id }), expect: own },
  'users.list': { call: (c) => c.users.list(), expect: adminOnly },
  'users.create': {
    call: (c, fx) =>
      c.users.create({ name: 'x', email: `new-${fx.target.id}@example.com`, password: 'long enough passphrase' }),
    expect: adminOnly,
  },
  'users.changeRole': {
    call: (c, fx) => c.users.changeRole({ userId: fx.target.id, role: 'admin' }),
    expect: adminOnly,
  },
  'users.setDisabled': {
    call: (c, fx) => c.users.setDisabled({ userId: fx.target.id, disabled: true }),
    expect: adminOnly,
  },
  'auditLogs.list': { call: (c) => c.auditLogs.list({}), expect: signedIn },
  'apiTokens.list': { call: (c) => c.apiTokens.list(), expect: signedIn },
  'apiTokens.create': { call: (c) => c.apiTokens.create({ name: 'cli' }), expect: signedIn },
  'apiTokens.revoke': { call: (c, fx) => c.apiTokens.revoke({ id: fx.apiToken.id }), expect: ownOnly },
  'secrets.list': { call: (c) => c.secrets.list({}), expect: signedIn },
  'secrets.create': {
    call: (c, fx) => c.secrets.create({ name: `new-${fx.secret.id}`, value: 'v' }),
    expect: signedIn,
  },
  'secrets.replace': { call: (c, fx) => c.secrets.replace({ id: fx.secret.id, value: 'v2' }), expect: own },
  'secrets.delete': { call: (c, fx) => c.secrets.delete({ id: fx.secret.id }), expect: own },
};

let env: RunEnvironment;
let users: Record<Exclude<Role, 'anonymous'>, User>;

beforeAll(async () => {
  env = await startRunEnvironment();
  const admin = await createOwner(env.services.models, 'admin@example.com');
  await admin.update({ role: 'admin' });
  users = { owner: env.owner, member: await createOwner(env.services.models, 'member@example.com'), admin };
});
afterAll(() => env?.close());

async function outcome(call: Call, role: Role): Promise<string> {
  const fx = await accessFixtures(env.services, users.owner);
  try {
    await call(callerFor(env.services, role === 'anonymous' ? null : users[role]), fx);
    return 'allowed';
  } catch (error) {
    // Subscriptions throw the service's AppError as it is; everything else a TRPCError.
    if (!(error instanceof TRPCError) && !(error instanceof AppError)) throw error;
    // A refused input means the matrix calls the procedure wrongly: never count it as access.
    if (error instanceof TRPCError && error.cause instanceof ZodError)
      return `invalid input: ${error.message.slice(0, 200)}`;
    return ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(error.code) ? error.code : 'allowed';
  }
}

describe('access matrix', () => {
  it('covers every procedure of the API', () => {
    expect(Object.keys(accessMatrix).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  it.each(Object.entries(accessMatrix))('%s', async (_, { call, expect: expected }) => {
    const seen: Record<string, string> = {};
    for (const role of ['owner', 'member', 'admin', 'anonymous'] as const) seen[role] = await outcome(call, role);
    expect(seen).toEqual(expected);
  });
});

/** A live run of the fixture workflow, once its approval node waits for a decision. */
async function waitingRun(c: Caller, fx: AccessFixtures) {
  const { id } = await c.runs.start({ workflowId: fx.workflow.id, input: {} });
  await waitUntil(
    'the approval to wait',
    async () =>
      (await env.services.models.Task.findOne({
        where: { workflowRunId: id, nodeId: 'ask', taskStatus: 'running' },
      })) ?? false,
  );
  return id;
}

const pinnedAnswer = { nodeId: 'fetch', output: { status: 200, headers: {}, body: { ok: true } } };

/** The fixture workflow with an HTTP node, which takes pins (the approval does not). */
const withHttpNode = (c: Caller, fx: AccessFixtures) =>
  c.workflows.updateSpec({
    workflowId: fx.workflow.id,
    spec: {
      trigger: { type: 'manual' },
      nodes: [
        { id: 'fetch', type: 'http_request', name: 'Fetch', config: { method: 'GET', url: 'http://127.0.0.1:9/x' } },
      ],
      edges: [],
    },
  });

// The matrix's calls are the ones each role may try: a wrong password, a run that has ended.
// Auditing needs calls that change something.
const succeeding: Partial<Record<string, Call>> = {
  'auth.login': (c) => c.auth.login({ email: users.owner.email, password: 'owner password' }),
  'runs.cancel': async (c, fx) => c.runs.cancel({ runId: await waitingRun(c, fx) }),
  'runs.resume': async (c, fx) => {
    await fx.run.update({ runStatus: 'failed' });
    return c.runs.resume({ runId: fx.run.id });
  },
  'runs.decideApproval': async (c, fx) =>
    c.runs.decideApproval({ runId: await waitingRun(c, fx), nodeId: 'ask', decision: 'approved' }),
  'chat.fixRun': async (c, fx) => {
    await fx.run.update({ runStatus: 'failed' });
    return c.chat.fixRun({ runId: fx.run.id });
  },
  'workflows.pin': async (c, fx) => c.workflows.pin({ workflowId: (await withHttpNode(c, fx)).id, ...pinnedAnswer }),
  'workflows.unpin': async (c, fx) => {
    await c.workflows.pin({ workflowId: (await withHttpNode(c, fx)).id, ...pinnedAnswer });
    return c.workflows.unpin({ workflowId: fx.workflow.id, nodeId: 'fetch' });
  },
};
// At runtime the router keeps its procedures flat by path ('auth.login'); its type nests them.
const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: 'query' | 'mutation' | 'subscription' } }
>;
const mutations = Object.keys(accessMatrix).filter((path) => procedures[path]?._def.type === 'mutation');

describe('audit', () => {
  it.each(mutations)('%s, when it succeeds, records who did it in audit_logs', async (path) => {
    const { AuditLog } = env.services.models;
    const admin = path.startsWith('users.');
    const actor = admin ? users.admin : users.owner;
    const fx = await accessFixtures(env.services, users.owner);
    const before = await AuditLog.count({ where: { actorId: actor.id } });
    await (succeeding[path] ?? accessMatrix[path]!.call)(callerFor(env.services, actor), fx);
    expect(await AuditLog.count({ where: { actorId: actor.id } })).toBeGreaterThan(before);
  });
});
