import { createServer, type Http2Server, type ServerHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { createOwner } from '../../testing/fixtures';
import { freePort } from '../../testing/free-port';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { sessionCookieFrom, trpcMutation } from '../../testing/trpc-http';
import { rotateWebhookSecret } from '../webhooks/webhook-secret.service';
import { postWebhook } from '../../testing/webhook-delivery';

// Temporal unavailable, two ways. `server`: nothing listens at TEMPORAL_ADDRESS, so no request
// reaches Temporal and trying again is safe. `silent`: an HTTP/2 server that takes each request
// and never answers, as an overloaded Temporal would, so a request may have been carried out. Either way the API answers a 503 the
// client can show, within seconds, says which case it is, and leaves no run looking pending.
let db: MigratedDatabase;
let server: TestServer;
let silent: TestServer;
let mute: Http2Server;
const sessions: ServerHttp2Session[] = [];
let owner: User;

const spec = (trigger: WorkflowSpec['trigger']): WorkflowSpec => ({
  trigger,
  nodes: [{ id: 'a', type: 'transform', name: 'A', config: { fields: [{ name: 'x', value: '1' }] } }],
  edges: [],
});
const workflowWith = (trigger: WorkflowSpec['trigger']) =>
  server.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'offline',
    specJson: spec(trigger),
    llmPromptVersion: null,
    status: 'active',
  });
const runsOf = async (workflowId: string) =>
  (await server.services.models.WorkflowRun.findAll({ where: { workflowId } })).map((run) => ({
    status: run.runStatus,
    error: (run.resultSummary as { error?: string } | null)?.error,
  }));

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url, { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }));
  mute = createServer().on('session', (session) => void sessions.push(session));
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  const { port } = mute.address() as { port: number };
  silent = await startTestServer(testConfig(db.url, { TEMPORAL_ADDRESS: `127.0.0.1:${port}` }));
  owner = await createOwner(server.services.models);
});
afterAll(async () => {
  await server?.close();
  await silent?.close();
  for (const session of sessions) session.destroy();
  await new Promise((resolve) => mute?.close(resolve));
  await db?.drop();
});

describe('starting a run while Temporal is unavailable', () => {
  it('runs.start answers 503 SERVICE_UNAVAILABLE and records the run as failed, not pending', async () => {
    const workflow = await workflowWith({ type: 'manual' });
    const login = await trpcMutation(server.baseUrl, 'auth.login', {
      email: owner.email,
      password: 'owner password',
    });
    const cookie = sessionCookieFrom(login.headers)!;

    const response = await trpcMutation(
      server.baseUrl,
      'runs.start',
      { workflowId: workflow.id, input: {} },
      { cookie },
    );

    expect(response.status).toBe(503);
    expect(response.body.error.data.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.body.error.message).toMatch(/Temporal is unavailable.*recorded as failed.*Try again/);
    expect(await runsOf(workflow.id)).toEqual([
      {
        status: 'failed',
        error: expect.stringMatching(/^Temporal did not start the run: Temporal could not be reached/),
      },
    ]);
  });

  it('a webhook delivery answers 503, and the same delivery is accepted as new when sent again', async () => {
    const workflow = await workflowWith({ type: 'webhook' });
    const secret = await rotateWebhookSecret(server.services, workflow);
    const body = JSON.stringify({ customer: 'Ada' });
    const at = Math.floor(Date.now() / 1000);
    const deliver = () => postWebhook(`${server.baseUrl}/hooks/${workflow.id}`, secret, body, { at });

    for (const response of [await deliver(), await deliver()]) {
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatchObject({
        message: expect.stringMatching(/Temporal is unavailable/),
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
      });
    }
    expect((await runsOf(workflow.id)).map((run) => run.status)).toEqual(['failed', 'failed']);
  });
});

describe('other calls on Temporal while it is unavailable', () => {
  const unavailable = (what: string) => ({
    code: 'SERVICE_UNAVAILABLE',
    message: `Temporal could not be reached within 5 s, so ${what} did not take effect. Try again in a moment.`,
  });
  const runningRun = async () => {
    const workflow = await workflowWith({ type: 'manual' });
    const run = await server.services.models.WorkflowRun.create({
      workflowId: workflow.id,
      inputPayload: {},
      specSnapshot: {
        trigger: { type: 'manual' },
        nodes: [
          {
            id: 'ok',
            type: 'approval',
            name: 'OK?',
            config: { message: 'Go?', timeoutMinutes: 60, onTimeout: 'reject' },
          },
        ],
        edges: [],
      },
      runTrigger: 'manual',
      runStatus: 'running',
      temporalWorkflowId: 'run-offline',
    });
    await server.services.models.Task.create({ workflowRunId: run.id, nodeId: 'ok', taskStatus: 'running' });
    return run;
  };

  it('runs.cancel and runs.decideApproval answer 503, saying what did not happen', async () => {
    const run = await runningRun();
    const caller = callerFor(server.services, owner);
    await expect(caller.runs.cancel({ runId: run.id })).rejects.toMatchObject(unavailable('the cancellation'));
    await expect(
      caller.runs.decideApproval({ runId: run.id, nodeId: 'ok', decision: 'approved' }),
    ).rejects.toMatchObject(unavailable('the decision'));
    expect(await server.services.models.AuditLog.count({ where: { resourceId: run.id } })).toBe(0);
  });

  it('workflows.activate answers 503 and leaves the workflow as it was', async () => {
    const workflow = await workflowWith({ type: 'cron', cron: '0 9 * * *', timezone: 'UTC' });
    await workflow.update({ status: 'draft' });
    const caller = callerFor(server.services, owner);
    await expect(caller.workflows.activate({ workflowId: workflow.id })).rejects.toMatchObject(
      unavailable('the change'),
    );
    expect((await workflow.reload()).status).toBe('draft');
  });

  it("workflows.triggerDetails falls back to the expression's times", async () => {
    const workflow = await workflowWith({ type: 'cron', cron: '0 9 * * *', timezone: 'UTC' });
    const details = await callerFor(server.services, owner).workflows.triggerDetails({ workflowId: workflow.id });
    expect(details).toMatchObject({ type: 'cron', nextRunsFrom: 'expression', nextRuns: expect.any(Array) });
  });
});

describe('calls on a Temporal that does not answer', () => {
  it('runs.start answers 503 saying the run may start all the same; the run is recorded as failed meanwhile', async () => {
    const workflow = await workflowWith({ type: 'manual' });
    await expect(
      callerFor(silent.services, owner).runs.start({ workflowId: workflow.id, input: {} }),
    ).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/^Temporal did not answer within 5 s, so the run may or may not start/),
    });
    expect(await runsOf(workflow.id)).toEqual([
      { status: 'failed', error: expect.stringMatching(/if it received the start after all, the run goes ahead/) },
    ]);
  });

  it('a webhook delivery answers 503 and keeps its signature: sent again, it is a replay, not a second run', async () => {
    const workflow = await workflowWith({ type: 'webhook' });
    const secret = await rotateWebhookSecret(silent.services, workflow);
    const body = '{}';
    const at = Math.floor(Date.now() / 1000);
    const deliver = () => postWebhook(`${silent.baseUrl}/hooks/${workflow.id}`, secret, body, { at });
    expect((await deliver()).status).toBe(503);
    expect((await deliver()).status).toBe(409);
    expect(await runsOf(workflow.id)).toHaveLength(1);
  });

  it('runs.cancel answers 503 saying it may have taken effect, and is audited as unconfirmed', async () => {
    const workflow = await workflowWith({ type: 'manual' });
    const run = await server.services.models.WorkflowRun.create({
      workflowId: workflow.id,
      inputPayload: {},
      runTrigger: 'manual',
      runStatus: 'running',
      temporalWorkflowId: 'run-unanswered',
    });
    await expect(callerFor(silent.services, owner).runs.cancel({ runId: run.id })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message:
        'Temporal did not answer within 5 s; the cancellation may have taken effect all the same. Look again before retrying.',
    });
    const audit = await server.services.models.AuditLog.findAll({ where: { resourceId: run.id } });
    expect(audit.map((entry) => [entry.action, entry.details])).toEqual([['run.cancel', { confirmed: false }]]);
  });
});
