import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureAlert } from '../../core/alerts/failure-alert';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../core/webhooks/webhook-signature';
import { callerFor } from '../../testing/caller';
import { startSmtpServer, type FakeSmtpServer } from '../../testing/fakes/smtp-server.fake';
import { createConnector } from '../../testing/fixtures';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';

// Failure alerts (decision 0014) through the real interpreter: runs on Temporal, alerts by a real
// SMTP server and a real HTTP server on loopback. A run's Temporal execution ends after its alert
// step, so once a run's result is in, its alert has been delivered or recorded as not.

let env: RunEnvironment;
let smtp: FakeSmtpServer;
let api: HttpTestServer;
let connectorId: string;
let caller: ReturnType<typeof callerFor>;

/** What the failing node's server answers: never to appear in an alert, which carries no output. */
const privateBody = 'customer-ledger-9f2c41';

beforeAll(async () => {
  env = await startRunEnvironment();
  caller = callerFor(env.services, env.owner);
  smtp = await startSmtpServer();
  api = await startHttpTestServer((request, response) => {
    const status =
      request.url === '/ok' ? 200 : request.url === '/alerts' ? 204 : request.url === '/refuse' ? 403 : 400;
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 204 ? undefined : privateBody);
  });
  const config = { host: smtp.host, port: smtp.port, secure: false, from: 'alerts@acme.test' };
  const { models, config: appConfig } = env.services;
  connectorId = (await createConnector(models, appConfig.APP_ENCRYPTION_KEY, env.owner.id, 'smtp', config, null)).id;
});
afterAll(async () => {
  await smtp?.close();
  await api?.close();
  await env?.close();
});

const fetchSpec = (path: string): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'fetch',
      type: 'http_request',
      name: 'Fetch invoices',
      config: { method: 'GET', url: `${api.url}${path}`, headers: [], timeoutSeconds: 5 },
    },
  ],
  edges: [],
});

/** An active workflow of `spec` with the alert settings given; the name is unique, to find its mail. */
async function workflowWithAlerts(
  spec: WorkflowSpec,
  alerts: Omit<Parameters<typeof caller.alerts.update>[0], 'workflowId'>,
) {
  const workflow = await caller.workflows.create({ name: `Invoices ${randomUUID()}`, spec });
  await caller.workflows.activate({ workflowId: workflow.id });
  const settings = await caller.alerts.update({ workflowId: workflow.id, ...alerts });
  return { workflow, secret: settings.newWebhookSecret };
}

const emailOnly = () => ({
  email: { enabled: true, recipients: ['ops@acme.test'], smtpConnectorId: connectorId },
  webhook: { enabled: false, url: null },
  windowMinutes: 15,
});

/** Waits for the run's Temporal execution to end (its alert step included); the run row as it ended. */
async function settled(run: { id: string }) {
  const row = await env.services.models.WorkflowRun.findByPk(run.id, { rejectOnEmpty: true });
  const handle = env.services.temporal.client.workflow.getHandle(row.temporalWorkflowId!);
  const outcome = await handle.result().then(
    () => 'completed',
    (error: Error) => `failed: ${error.cause instanceof Error ? error.cause.message : error.message}`,
  );
  await row.reload();
  return { row, outcome };
}

const runOnce = async (workflowId: string) => settled(await caller.runs.start({ workflowId, input: {} }));
const mailsOf = (name: string) => smtp.messages.filter((m) => m.subject === `Workflow "${name}" failed`);
const alertHooks = () => api.requests.filter((r) => r.url === '/alerts');

describe('failure alerts', () => {
  it('email once for failures within the window, then once more after it, saying how many were held back', async () => {
    const { workflow } = await workflowWithAlerts(fetchSpec('/fail'), emailOnly());
    // Three failures at once: the window's claim lets exactly one of them send.
    const first = await Promise.all([1, 2, 3].map(() => runOnce(workflow.id)));
    expect(first.map((r) => r.row.runStatus)).toEqual(['failed', 'failed', 'failed']);
    expect(mailsOf(workflow.name)).toHaveLength(1);
    const [mail] = mailsOf(workflow.name);
    expect(mail).toMatchObject({ from: 'alerts@acme.test', to: ['ops@acme.test'] });
    const alerted = first.find((r) => mail!.text.includes(`http://localhost:5173/runs/${r.row.id}`));
    expect(alerted, mail!.text).toBeDefined();
    expect(mail!.text).toContain('Failed node: Fetch invoices (fetch)');
    expect(mail!.text).toContain(`Error: HTTP 400 from ${api.url}/fail`);
    expect(mail!.text).not.toContain('more failures');
    expect(mail!.text).not.toContain(privateBody);

    await runOnce(workflow.id);
    expect(mailsOf(workflow.name)).toHaveLength(1);
    expect(await caller.alerts.get({ workflowId: workflow.id })).toMatchObject({ heldBack: 3, lastError: null });

    // The window has passed (its start moved back rather than waited for).
    await env.services.sequelize.query(
      `UPDATE workflow_alerts SET last_sent_at = last_sent_at - interval '15 minutes' WHERE workflow_id = :id`,
      { replacements: { id: workflow.id } },
    );
    const later = await runOnce(workflow.id);
    const mails = mailsOf(workflow.name);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain(`http://localhost:5173/runs/${later.row.id}`);
    expect(mails[1]!.text).toContain('And 3 more failures since the previous alert.');
    expect(await caller.alerts.get({ workflowId: workflow.id })).toMatchObject({ heldBack: 0 });
  });

  it('post a webhook alert signed with the secret shown once, carrying the run link and the error, no output', async () => {
    const { workflow, secret } = await workflowWithAlerts(fetchSpec('/fail'), {
      email: { enabled: false, recipients: [], smtpConnectorId: null },
      webhook: { enabled: true, url: `${api.url}/alerts` },
      windowMinutes: 5,
    });
    expect(secret).toMatch(/^whsec_/);
    expect(await caller.alerts.get({ workflowId: workflow.id })).not.toHaveProperty('newWebhookSecret');
    const before = alertHooks().length;
    const { row } = await runOnce(workflow.id);
    const hooks = alertHooks().slice(before);
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    const check = verifyWebhook(
      secret!,
      hook.headers[TIMESTAMP_HEADER] as string,
      hook.headers[SIGNATURE_HEADER] as string,
      hook.body,
    );
    expect(check).toEqual({ ok: true });
    expect(
      verifyWebhook(
        'whsec_other',
        hook.headers[TIMESTAMP_HEADER] as string,
        hook.headers[SIGNATURE_HEADER] as string,
        hook.body,
      ),
    ).toMatchObject({ ok: false });
    const alert = JSON.parse(hook.body) as FailureAlert;
    expect(alert).toEqual({
      event: 'run.failed',
      workflow: { id: workflow.id, name: workflow.name },
      run: {
        id: row.id,
        url: `http://localhost:5173/runs/${row.id}`,
        trigger: 'manual',
        startedAt: row.startedAt!.toISOString(),
        finishedAt: row.finishedAt!.toISOString(),
      },
      failedNode: { id: 'fetch', name: 'Fetch invoices', error: `HTTP 400 from ${api.url}/fail` },
      error: `node "Fetch invoices" failed: HTTP 400 from ${api.url}/fail`,
      moreFailuresSince: 0,
    });
    expect(hook.body).not.toContain(privateBody);
    expect(mailsOf(workflow.name)).toHaveLength(0);
  });

  it('name the node whose failure failed the run, not one an error route handled', async () => {
    const http = (id: string, name: string) => ({
      id,
      type: 'http_request' as const,
      name,
      config: { method: 'GET' as const, url: `${api.url}/fail`, headers: [], timeoutSeconds: 5 },
    });
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        http('check', 'Check the ledger'),
        { id: 'recover', type: 'transform', name: 'Recover', config: { fields: [{ name: 'ok', value: 'no' }] } },
        http('fetch', 'Fetch invoices'),
      ],
      edges: [
        ['check', 'recover', 'error'],
        ['recover', 'fetch'],
      ],
    };
    const { workflow } = await workflowWithAlerts(spec, {
      email: { enabled: false, recipients: [], smtpConnectorId: null },
      webhook: { enabled: true, url: `${api.url}/alerts` },
      windowMinutes: 5,
    });
    const before = alertHooks().length;
    const { row } = await runOnce(workflow.id);
    // Both failures are in the run's summary; only the second failed the run.
    expect((row.resultSummary as { failures: Array<{ nodeId: string }> }).failures.map((f) => f.nodeId).sort()).toEqual(
      ['check', 'fetch'],
    );
    const [hook] = alertHooks().slice(before);
    expect((JSON.parse(hook!.body) as FailureAlert).failedNode).toMatchObject({ id: 'fetch', name: 'Fetch invoices' });
  });

  it('send nothing for a successful run', async () => {
    const { workflow } = await workflowWithAlerts(fetchSpec('/ok'), {
      ...emailOnly(),
      webhook: { enabled: true, url: `${api.url}/alerts` },
    });
    const before = alertHooks().length;
    const { row } = await runOnce(workflow.id);
    expect(row.runStatus).toBe('success');
    expect(mailsOf(workflow.name)).toHaveLength(0);
    expect(alertHooks()).toHaveLength(before);
    expect(await caller.alerts.get({ workflowId: workflow.id })).toMatchObject({ lastSentAt: null, heldBack: 0 });
  });

  it('send nothing for a failed test run, nor count it', async () => {
    const { workflow } = await workflowWithAlerts(fetchSpec('/ok'), emailOnly());
    // A test run answers the HTTP node with its pinned output: an error status fails it.
    await caller.workflows.pin({
      workflowId: workflow.id,
      nodeId: 'fetch',
      output: { status: 500, headers: {}, body: 'down' },
    });
    const { row } = await settled(await caller.runs.test({ workflowId: workflow.id, input: {} }));
    expect(row).toMatchObject({ runStatus: 'failed', runTrigger: 'test' });
    expect(mailsOf(workflow.name)).toHaveLength(0);
    expect(await caller.alerts.get({ workflowId: workflow.id })).toMatchObject({ lastSentAt: null, heldBack: 0 });
  });

  it('leave the run as it ended when the alert cannot be delivered, and show why on the settings', async () => {
    const { workflow } = await workflowWithAlerts(fetchSpec('/fail'), {
      email: { enabled: false, recipients: [], smtpConnectorId: null },
      webhook: { enabled: true, url: `${api.url}/refuse` },
      windowMinutes: 15,
    });
    const { row, outcome } = await runOnce(workflow.id);
    expect(outcome).toBe('failed: node fetch failed');
    expect(row.runStatus).toBe('failed');
    expect(row.resultSummary).toMatchObject({
      status: 'failed',
      failures: [{ nodeId: 'fetch', error: `HTTP 400 from ${api.url}/fail` }],
    });
    const settings = await caller.alerts.get({ workflowId: workflow.id });
    expect(settings.lastError).toBe('webhook: the alert webhook answered HTTP 403');
    expect(settings.lastErrorAt).not.toBeNull();
    expect(api.requests.filter((r) => r.url === '/refuse')).toHaveLength(1);
  });
});
