import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertWebhookSecretName } from '../../core/alerts/failure-alert';
import type { User } from '../../core/db/models';
import { callerFor } from '../../testing/caller';
import { createConnector, createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { testConfig } from '../../testing/test-server';
import { closeAppServices, createAppServices, type AppServices } from '../app-services';

// alerts.get and alerts.update (decision 0014): what they accept, refuse and keep secret. Who may
// call them is server/trpc/access-matrix.test.ts's; what alerts send, the worker's test's.

let db: MigratedDatabase;
let services: AppServices;
let owner: User;
let smtpConnectorId: string;
let httpConnectorId: string;
let othersConnectorId: string;

const manualSpec = {
  trigger: { type: 'manual' },
  nodes: [{ id: 'a', type: 'transform', name: 'A', config: { fields: [{ name: 'x', value: '1' }] } }],
  edges: [],
};
const off = { email: { enabled: false }, webhook: { enabled: false } };

beforeAll(async () => {
  db = await migratedTestDatabase();
  services = createAppServices(testConfig(db.url));
  owner = await createOwner(services.models);
  const other = await createOwner(services.models, 'other@example.com');
  const key = services.config.APP_ENCRYPTION_KEY;
  const smtp = { host: 'mail.acme.test', port: 587, secure: false, from: 'alerts@acme.test' };
  smtpConnectorId = (await createConnector(services.models, key, owner.id, 'smtp', smtp, null)).id;
  othersConnectorId = (await createConnector(services.models, key, other.id, 'smtp', smtp, null)).id;
  const http = { baseUrl: 'https://billing.acme.test', auth: 'none' };
  httpConnectorId = (await createConnector(services.models, key, owner.id, 'http', http, null)).id;
});
afterAll(async () => {
  await closeAppServices(services);
  await db?.drop();
});

const caller = () => callerFor(services, owner);
const newWorkflow = () => caller().workflows.create({ name: 'Nightly export', spec: manualSpec });

/** The error an update answers, as code and messages. */
async function refusal(input: Record<string, unknown>) {
  const workflow = await newWorkflow();
  const error = await caller()
    .alerts.update({ workflowId: workflow.id, ...off, ...input } as never)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(TRPCError);
  return { code: (error as TRPCError).code, message: (error as TRPCError).message };
}

describe('alert settings', () => {
  it('are off for a workflow that never had any', async () => {
    const workflow = await newWorkflow();
    expect(await caller().alerts.get({ workflowId: workflow.id })).toEqual({
      workflowId: workflow.id,
      email: { enabled: false, recipients: [], smtpConnectorId: null },
      webhook: { enabled: false, url: null, hasSecret: false },
      windowMinutes: 15,
      lastSentAt: null,
      heldBack: 0,
      lastError: null,
      lastErrorAt: null,
    });
  });

  it.each([
    [
      { email: { enabled: true, smtpConnectorId: '00000000-0000-4000-8000-000000000001' } },
      'email alerts need at least one recipient',
    ],
    [{ email: { enabled: true, recipients: ['ops@acme.test'] } }, 'email alerts need an SMTP connector'],
    [{ email: { enabled: false, recipients: ['not an address'] } }, 'each recipient must be an email address'],
    [{ webhook: { enabled: true } }, 'webhook alerts need a URL'],
    [
      { webhook: { enabled: true, url: 'ftp://files.acme.test/drop' } },
      'the webhook URL must be an absolute http:// or https:// URL',
    ],
    [{ windowMinutes: 0 }, 'windowMinutes is at least 1'],
    [{ windowMinutes: 20_000 }, 'windowMinutes is at most 10080 (a week)'],
  ])('refuse %j with a clear message', async (input, message) => {
    expect(await refusal(input)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
  });

  it('refuse an SMTP connector the owner does not have, and a connector of another type', async () => {
    const email = (smtpConnectorId: string) => ({
      email: { enabled: true, recipients: ['ops@acme.test'], smtpConnectorId },
    });
    expect(await refusal(email(othersConnectorId))).toEqual({
      code: 'BAD_REQUEST',
      message: `The workflow's owner has no connector with id ${othersConnectorId}.`,
    });
    expect(await refusal(email(httpConnectorId))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('is a http connector; email alerts need an SMTP one'),
    });
  });

  it('keep what was set, and audit it without the webhook URL', async () => {
    const workflow = await newWorkflow();
    const url = 'https://hooks.acme.test/alerts?token=in-the-query-5e1a';
    const saved = await caller().alerts.update({
      workflowId: workflow.id,
      email: { enabled: true, recipients: ['ops@acme.test', 'cto@acme.test'], smtpConnectorId },
      webhook: { enabled: true, url },
      windowMinutes: 60,
    });
    const { newWebhookSecret: _secret, ...settings } = saved;
    expect(settings).toMatchObject({
      email: { enabled: true, recipients: ['ops@acme.test', 'cto@acme.test'], smtpConnectorId },
      webhook: { enabled: true, url, hasSecret: true },
      windowMinutes: 60,
    });
    expect(await caller().alerts.get({ workflowId: workflow.id })).toEqual(settings);
    const audit = await services.models.AuditLog.findAll({
      where: { action: 'workflow.update_alerts', resourceId: workflow.id },
    });
    expect(audit.map((a) => a.details)).toEqual([
      { email: true, recipients: 2, webhook: true, windowMinutes: 60, webhookSecretCreated: true },
    ]);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('in-the-query');
  });

  it('show the webhook signing secret once, store it encrypted, rotate it on request, and delete it with the workflow', async () => {
    const workflow = await newWorkflow();
    const webhook = { enabled: true, url: 'https://hooks.acme.test/alerts' };
    const first = await caller().alerts.update({ workflowId: workflow.id, ...off, webhook });
    expect(first.newWebhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const again = await caller().alerts.update({ workflowId: workflow.id, ...off, webhook, windowMinutes: 30 });
    expect(again.newWebhookSecret).toBeNull();
    expect(JSON.stringify(await caller().alerts.get({ workflowId: workflow.id }))).not.toContain(
      first.newWebhookSecret,
    );

    const where = { ownerId: owner.id, name: alertWebhookSecretName(workflow.id) };
    const row = await services.models.Secret.findOne({ where, rejectOnEmpty: true });
    expect(row.encryptedPayload).not.toContain(first.newWebhookSecret!.slice(6));
    // Not one of the person's own secrets: the reserved prefix keeps it off their list.
    const listed = await caller().secrets.list({});
    expect(listed.items.map((s) => s.name)).not.toContain(where.name);

    const rotated = await caller().alerts.update({
      workflowId: workflow.id,
      ...off,
      webhook,
      rotateWebhookSecret: true,
    });
    expect(rotated.newWebhookSecret).toMatch(/^whsec_/);
    expect(rotated.newWebhookSecret).not.toBe(first.newWebhookSecret);
    expect(await services.models.Secret.count({ where })).toBe(1);

    await caller().workflows.delete({ workflowId: workflow.id });
    expect(await services.models.Secret.count({ where })).toBe(0);
  });
});
