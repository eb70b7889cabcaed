import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { User } from '../core/db/models';
import { postWebhook } from '../testing/webhook-delivery';
import { createWorkflow, setWorkflowStatus, updateWorkflowSpec } from '../server/workflows/workflows.service';
import { sampleWorkflowName } from '../seeders/0003-sample-workflow';
import { createOwner } from '../testing/fixtures';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { admin, signIn, startBrowserStack, type BrowserStack } from './stack';

let stack: BrowserStack;
let adminUser: User;
let sampleId: string;

beforeAll(async () => {
  stack = await startBrowserStack();
  const { models } = stack.api.services;
  await createOwner(models, 'member@example.com');
  adminUser = await models.User.findOne({ where: { email: admin.email }, rejectOnEmpty: true });
  sampleId = (await models.Workflow.findOne({ where: { name: sampleWorkflowName }, rejectOnEmpty: true })).id;
});
afterAll(() => stack?.close());
afterEach(async () => expect(await stack.closePages()).toEqual([]));

const transform = (id: string, name: string) => ({
  id,
  type: 'transform' as const,
  name,
  config: { fields: [{ name: 'note', value: name }] },
});
const spec = (
  trigger: WorkflowSpec['trigger'],
  nodes = [transform('collect', 'Collect order')],
  edges: WorkflowSpec['edges'] = [],
): WorkflowSpec => ({ trigger, nodes, edges });

/** A workflow of the admin's, saved through the same service the API uses. */
const adminWorkflow = (name: string, workflowSpec: WorkflowSpec) =>
  createWorkflow(
    stack.api.services,
    adminUser,
    { name, description: null, spec: workflowSpec, llmPromptVersion: 'author-v1' },
    { source: 'chat' },
  );

async function openWorkflow(page: Page, id: string, name: string) {
  await page.goto(`${stack.url}/workflows/${id}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

it(
  'lists every workflow for an admin, with owner, status and trigger, filtered and a page at a time',
  { timeout: 120_000 },
  async () => {
    // A second owner's 26 workflows: more than one page, and an owner other than the admin.
    const pager = await createOwner(stack.api.services.models, 'pager@example.com');
    for (let i = 0; i < 26; i++)
      await createWorkflow(
        stack.api.services,
        pager,
        { name: `Paged ${i}`, description: null, spec: spec({ type: 'manual' }), llmPromptVersion: null },
        { source: 'editor' },
      );

    const page = await stack.newPage();
    await signIn(page, stack.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('row').filter({ hasText: 'Paged 25' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(26); // header + the first page of 25
    await page.getByRole('button', { name: 'Load more' }).click();
    const sample = page.getByRole('row').filter({ hasText: sampleWorkflowName });
    await sample.getByText(admin.email).waitFor();
    expect(await sample.textContent()).toContain('Cron 0 9 * * 1-5 (UTC)');
    await sample.getByText('draft', { exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'pager@example.com' }).count()).toBe(26);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await screenshot(page, 'workflows-list');

    const filters = page.getByRole('search', { name: 'Filter workflows' });
    await filters.getByLabel('Status').selectOption('archived');
    await page.getByText('No workflows match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Name contains').fill('open todos');
    await filters.getByLabel('Name contains').press('Enter');
    await page.waitForURL(/q=open\+todos/);
    expect(new URL(page.url()).searchParams.get('status')).toBeNull();
    await page.getByRole('row').filter({ hasText: 'Paged 0' }).waitFor({ state: 'detached' });
    await page.getByRole('row').filter({ hasText: sampleWorkflowName }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    await page.getByRole('link', { name: sampleWorkflowName }).click();
    await page.getByRole('heading', { level: 1, name: sampleWorkflowName }).waitFor();
  },
);

it(
  'shows the graph and trigger, refuses invalid JSON, and runs the workflow with a payload',
  { timeout: 90_000 },
  async () => {
    const { models } = stack.api.services;
    const page = await stack.newPage();
    await signIn(page, stack.url);
    await openWorkflow(page, sampleId, sampleWorkflowName);
    const nodes = page.getByRole('list', { name: 'Current spec graph: nodes' });
    await nodes.getByText('Fetch open todos').waitFor();
    await nodes.getByText('Count open todos').waitFor();
    const trigger = page.getByRole('region', { name: 'Trigger' });
    await trigger.getByText('0 9 * * 1-5', { exact: true }).waitFor();
    await trigger.getByText(/not active\. Computed from the expression/).waitFor();
    expect(await trigger.getByRole('list', { name: 'Next run times' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('tab', { name: 'Spec (JSON)' }).click();
    expect(await page.getByLabel('Current spec (JSON)').textContent()).toContain('"fetch_todos"');
    await screenshot(page, 'workflows-detail');

    const runNow = page.getByRole('form', { name: 'Run now' });
    const input = runNow.getByLabel('Input (JSON object)');
    await input.fill('{"customer": ');
    await runNow.getByRole('button', { name: 'Run now' }).click();
    await runNow.getByText(/The input is not valid JSON/).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('["a list"]');
    await runNow.getByRole('button', { name: 'Run now' }).click();
    await runNow.getByText('The input must be a JSON object, such as {"customer": "ACME"}.').waitFor();
    expect(await models.WorkflowRun.count({ where: { workflowId: sampleId } })).toBe(0);

    await input.fill('{"customer": "ACME", "count": 3}');
    await runNow.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').at(-1)!;
    const run = await models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true });
    expect(run.workflowId).toBe(sampleId);
    expect(run.inputPayload).toEqual({ customer: 'ACME', count: 3 });
  },
);

it('compares two versions and restores an earlier one as a new version', { timeout: 90_000 }, async () => {
  const { services } = stack.api;
  const v1 = spec({ type: 'manual' });
  const v2 = spec(
    { type: 'manual' },
    [transform('collect', 'Collect order'), transform('announce', 'Announce order')],
    [['collect', 'announce']],
  );
  const v3 = spec(
    { type: 'cron', cron: '0 8 * * *' },
    [transform('collect', 'Collect order'), transform('announce', 'Announce it loudly')],
    [['collect', 'announce']],
  );
  const workflow = await adminWorkflow('Versioned orders', v1);
  await updateWorkflowSpec(services, adminUser, {
    workflowId: workflow.id,
    spec: v2,
    llmPromptVersion: 'author-v1',
    origin: { source: 'chat' },
  });
  await updateWorkflowSpec(services, adminUser, {
    workflowId: workflow.id,
    spec: v3,
    llmPromptVersion: 'author-v2',
    origin: { source: 'chat' },
  });

  const page = await stack.newPage();
  await signIn(page, stack.url);
  await openWorkflow(page, workflow.id, 'Versioned orders');
  const versions = page.getByRole('region', { name: 'Versions' });
  const rows = versions.getByRole('table').getByRole('row');
  await rows.filter({ hasText: 'author-v2' }).filter({ hasText: 'current' }).waitFor();
  expect(await rows.count()).toBe(4);

  // By default the current version against the one before it.
  const changes = () => versions.getByRole('region', { name: /^Changes from version/ });
  await versions.getByRole('region', { name: 'Changes from version 2 to version 3' }).waitFor();
  expect(await changes().getByRole('region', { name: 'Trigger changed' }).textContent()).toContain(
    'Manual → Cron 0 8 * * * (UTC)',
  );
  expect(await changes().getByRole('region', { name: 'Nodes changed' }).textContent()).toContain(
    'Announce it loudly (id announce): name, config.fields',
  );
  await versions.getByLabel('From', { exact: true }).selectOption('1');
  await versions.getByRole('region', { name: 'Changes from version 1 to version 3' }).waitFor();
  expect(await changes().getByRole('region', { name: 'Nodes added' }).textContent()).toContain(
    'Announce it loudly (transform, id announce)',
  );
  expect(await changes().getByRole('region', { name: 'Connections added' }).textContent()).toContain(
    'collect → announce',
  );

  await versions.getByRole('button', { name: 'View version 1' }).click();
  const view = versions.getByRole('list', { name: 'Version 1 graph: nodes' });
  await view.getByText('Collect order').waitFor();
  expect(await view.getByRole('listitem').count()).toBe(1);
  await screenshot(page, 'workflows-versions');

  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await versions
    .getByRole('group', { name: /Make version 1 current again/ })
    .getByRole('button', { name: 'Restore version 1' })
    .click();
  await versions.getByText('Version 1 restored: it is the current spec again, saved as version 4.').waitFor();
  await rows.nth(1).filter({ hasText: 'restore' }).filter({ hasText: 'current' }).waitFor();
  await workflow.reload();
  expect(workflow.specJson).toEqual(v1);
  const latest = await services.models.WorkflowVersion.findOne({
    where: { workflowId: workflow.id },
    order: [['version', 'DESC']],
    rejectOnEmpty: true,
  });
  expect({ version: latest.version, source: latest.source, specJson: latest.specJson }).toEqual({
    version: 4,
    source: 'restore',
    specJson: v1,
  });
  // The page's own graph follows: the restored spec has one node again.
  const current = page.getByRole('list', { name: 'Current spec graph: nodes' });
  await current.getByText('Announce it loudly').waitFor({ state: 'detached' });
  expect(await current.getByRole('listitem').count()).toBe(1);
});

it('archives with confirmation, activates again, and deletes', { timeout: 60_000 }, async () => {
  const { models } = stack.api.services;
  const workflow = await adminWorkflow('Status changes', spec({ type: 'manual' }));
  const page = await stack.newPage();
  await signIn(page, stack.url);
  await openWorkflow(page, workflow.id, 'Status changes');
  const actions = page.getByRole('group', { name: 'Workflow actions' });

  await actions.getByRole('button', { name: 'Archive', exact: true }).click();
  await actions
    .getByRole('group', { name: /Archive this workflow\?/ })
    .getByRole('button', { name: 'Cancel' })
    .click();
  expect((await models.Workflow.findByPk(workflow.id))?.status).toBe('draft');
  await actions.getByRole('button', { name: 'Archive', exact: true }).click();
  await actions.getByRole('button', { name: 'Archive workflow' }).click();
  await page.locator('.wf-header .status').getByText('archived').waitFor();
  expect((await models.Workflow.findByPk(workflow.id))?.status).toBe('archived');
  expect(await page.getByRole('form', { name: 'Run now' }).getByRole('button', { name: 'Run now' }).isDisabled()).toBe(
    true,
  );

  await actions.getByRole('button', { name: 'Activate', exact: true }).click();
  await page.locator('.wf-header .status').getByText('active').waitFor();
  expect((await models.Workflow.findByPk(workflow.id))?.status).toBe('active');
  expect(await actions.getByRole('button', { name: 'Activate', exact: true }).count()).toBe(0);

  await actions.getByRole('button', { name: 'Delete', exact: true }).click();
  await actions.getByRole('button', { name: 'Delete workflow' }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted “Status changes”.' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/workflows');
  expect(await models.Workflow.findByPk(workflow.id)).toBeNull();
});

it("shows a cron workflow's next run times, from its Temporal Schedule once active", { timeout: 60_000 }, async () => {
  const cron = { type: 'cron' as const, cron: '*/10 9-17 * * 1-5', timezone: 'Asia/Kolkata' };
  const workflow = await adminWorkflow('Office hours ping', spec(cron));
  const page = await stack.newPage();
  await signIn(page, stack.url);
  await openWorkflow(page, workflow.id, 'Office hours ping');
  const trigger = page.getByRole('region', { name: 'Trigger' });
  await trigger.getByText('Asia/Kolkata', { exact: true }).waitFor();
  await trigger.getByText(/not active\. Computed from the expression/).waitFor();
  // No overlap setting: the Schedule skips while the app's own runs overlap, each said apart.
  const overlap = trigger.getByRole('definition').filter({ hasText: /: a new run / });
  expect(await overlap.allTextContents()).toEqual([
    'Skip: a new run is refused while another is going',
    expect.stringMatching(/^Allow: a new run starts even while another is going \(the default; set settings\.overlap/),
  ]);

  await page.getByRole('group', { name: 'Workflow actions' }).getByRole('button', { name: 'Activate' }).click();
  await trigger.getByText('From the workflow’s Temporal Schedule.').waitFor();
  const times = await trigger
    .getByRole('list', { name: 'Next run times' })
    .locator('time')
    .evaluateAll((elements) => elements.map((e) => e.getAttribute('datetime')!));
  expect(times).toHaveLength(5);
  const kolkata = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Kolkata',
    hourCycle: 'h23',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
  });
  const now = Date.now();
  for (const [index, time] of times.entries()) {
    const at = new Date(time);
    expect(at.getTime()).toBeGreaterThan(now - 60_000);
    if (index > 0) expect(at.getTime()).toBeGreaterThan(new Date(times[index - 1]!).getTime());
    const parts = Object.fromEntries(kolkata.formatToParts(at).map((p) => [p.type, p.value]));
    expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(parts.weekday);
    expect(Number(parts.hour)).toBeGreaterThanOrEqual(9);
    expect(Number(parts.hour)).toBeLessThanOrEqual(17);
    expect(Number(parts.minute) % 10).toBe(0);
  }
  await screenshot(page, 'workflows-cron');
  // No Schedule left behind in the shared Temporal server.
  await setWorkflowStatus(stack.api.services, adminUser, workflow.id, 'archived');
});

it("shows a webhook's URL and signing, and a new secret exactly once", { timeout: 60_000 }, async () => {
  const workflow = await adminWorkflow('Order webhook', spec({ type: 'webhook' }));
  await setWorkflowStatus(stack.api.services, adminUser, workflow.id, 'active');
  const page = await stack.newPage();
  await signIn(page, stack.url);
  await openWorkflow(page, workflow.id, 'Order webhook');
  const trigger = page.getByRole('region', { name: 'Trigger' });
  const url = `${stack.url}/hooks/${workflow.id}`;
  await trigger.getByText(url, { exact: true }).waitFor();
  await trigger.getByText('None yet: every delivery is refused until you create one.').waitFor();
  expect(await trigger.textContent()).toContain('x-webhook-signature');

  await trigger.getByRole('button', { name: 'Create secret' }).click();
  const shown = trigger.getByRole('region', { name: 'New webhook secret' });
  await shown.getByText('Copy this secret now: it will not be shown again.').waitFor();
  const first = (await shown.locator('code').textContent())!;
  expect(first).toMatch(/^whsec_/);
  await trigger.getByText('Set. It was shown once, when it was created.').waitFor();
  await screenshot(page, 'workflows-webhook');

  // The secret shown is the one the webhook checks: a delivery signed with it starts a run.
  const body = JSON.stringify({ order: 7 });
  const deliver = (secret: string) => postWebhook(url, secret, body);
  expect((await deliver(first)).status).toBe(202);

  await trigger.getByRole('button', { name: 'Rotate secret' }).click();
  await trigger.getByRole('button', { name: 'Replace secret' }).click();
  await shown
    .getByText(/^whsec_/)
    .filter({ hasNotText: first })
    .waitFor();
  const second = (await shown.locator('code').textContent())!;
  expect((await deliver(first)).status).toBe(401);

  await page.reload();
  await trigger.getByText('Set. It was shown once, when it was created.').waitFor();
  expect(await shown.count()).toBe(0);
  expect(await page.content()).not.toContain(second);
});

it('shows a member only their own workflows, and "not found" for the admin\'s', { timeout: 60_000 }, async () => {
  const page = await stack.newPage();
  await signIn(page, stack.url, 'member@example.com', 'owner password');
  await page.goto(`${stack.url}/workflows`);
  await page.getByText('No workflows yet.').waitFor();
  expect(await page.getByRole('link', { name: 'Describe an automation in chat' }).getAttribute('href')).toBe('/author');
  expect(await page.getByRole('table').count()).toBe(0);
  await screenshot(page, 'workflows-member-empty');

  await page.goto(`${stack.url}/workflows/${sampleId}`);
  await page.getByRole('heading', { name: 'Workflow not found' }).waitFor();
  expect(await page.getByText(sampleWorkflowName).count()).toBe(0);
  await screenshot(page, 'workflows-not-found');
  await page.goto(`${stack.url}/workflows/not-a-workflow-id`);
  await page.getByRole('heading', { name: 'Workflow not found' }).waitFor();
});

it('fits a phone without sideways scrolling', { timeout: 60_000 }, async () => {
  const page = await stack.newPage({ width: 390, height: 844 });
  await signIn(page, stack.url);
  // The other tests' workflows are newer: the sample is found by name.
  await page.goto(`${stack.url}/workflows?q=todos`);
  await page.getByRole('link', { name: sampleWorkflowName }).waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'workflows-list-phone');
  await openWorkflow(page, sampleId, sampleWorkflowName);
  await page.getByRole('list', { name: 'Next run times' }).waitFor();
  await page.getByRole('region', { name: 'Versions' }).getByRole('table').waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'workflows-detail-phone');
});
