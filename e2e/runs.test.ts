import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import type { User } from '../core/db/models';
import { startRun } from '../server/runs/runs.service';
import { startHttpTestServer } from '../testing/http-test-server';
import type { TaskLogs } from '../core/run/task-logs';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { createOwner } from '../testing/fixtures';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { admin as adminAccount, signIn, startBrowserStack, type BrowserStack } from './stack';

// Runs are started through the same service the API uses, on the stack's real Temporal worker;
// the pages are checked only through what a person sees, and the database where a decision lands.

let stack: BrowserStack;
let page: Page;
let admin: User;
let invoices: Awaited<ReturnType<typeof startHttpTestServer>>;
let invoiceCalls = 0;

beforeAll(async () => {
  stack = await startBrowserStack();
  admin = await stack.api.services.models.User.findOne({ where: { email: adminAccount.email }, rejectOnEmpty: true });
  await createOwner(stack.api.services.models, 'member@example.com');
  // Busy once, then "no such invoice": a retried attempt, then a failure that is not retried.
  invoices = await startHttpTestServer((_, res) =>
    ++invoiceCalls === 1 ? res.writeHead(503).end('busy') : res.writeHead(404).end('no such invoice'),
  );
});
afterAll(async () => {
  await invoices?.close();
  await stack?.close();
});
afterEach(async () => expect(await stack.closePages()).toEqual([]));

const wait = (seconds: number, id = 'wait', name = 'Wait') =>
  ({ id, type: 'delay', name, config: { seconds } }) as const;
const transform = (id: string, name: string, fields: Record<string, string>) =>
  ({
    id,
    type: 'transform',
    name,
    config: { fields: Object.entries(fields).map(([field, value]) => ({ name: field, value })) },
  }) as const;
const manual = (nodes: WorkflowSpec['nodes'], edges: WorkflowSpec['edges'] = []): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes,
  edges,
});

async function workflow(name: string, spec: WorkflowSpec) {
  return stack.api.services.models.Workflow.create({
    ownerId: admin.id,
    name,
    specJson: spec,
    llmPromptVersion: null,
    status: 'active',
  });
}

/** Saves `spec` as the admin's workflow `name` and starts a manual run of it, as the API does. */
async function startSpec(name: string, spec: WorkflowSpec, input: Record<string, unknown> = {}) {
  const { id } = await workflow(name, spec);
  return startRun(stack.api.services, admin, { workflowId: id, input, trigger: 'manual' });
}

async function signedIn(viewport?: { width: number; height: number }) {
  page = await stack.newPage(viewport);
  await signIn(page, stack.url);
  return page;
}

/** Waits (no fixed sleep) until `locator` holds exactly `text`; live states can take a while on a busy machine. */
const showsText = (locator: Locator, text: string) =>
  locator.getByText(text, { exact: true }).waitFor({ timeout: 40_000 });
const nodeRow = (name: string) =>
  page
    .getByRole('table', { name: 'Nodes of this run' })
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name, exact: true }) });
const nodeDetails = () => page.locator('.node-details');
const runEnded = (status: string) => page.getByText(`This run ended: ${status}.`).waitFor({ timeout: 40_000 });
/** Set before waiting for live changes, read after: still there means the page never reloaded. */
const markPage = () => page.evaluate(() => Object.assign(window, { notReloaded: true }));
const pageWasKept = () => page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded === true);

it('lists runs with live status, filters them, and loads more', { timeout: 120_000 }, async () => {
  // 26 finished scheduled runs first, so the two live ones are the newest.
  const bulk = await workflow('Bulk import', manual([transform('x', 'X', { x: '1' })]));
  await stack.api.services.models.WorkflowRun.bulkCreate(
    Array.from({ length: 26 }, () => ({
      workflowId: bulk.id,
      runStatus: 'success' as const,
      runTrigger: 'schedule' as const,
      inputPayload: {},
      startedAt: new Date(),
      finishedAt: new Date(),
    })),
  );
  await startSpec('Nap in the list', manual([wait(8)]));
  const quick = await startSpec('Quick greeting', manual([transform('hi', 'Say hi', { text: 'hi' })]));
  const neverRun = await workflow('Never run', manual([transform('x', 'X', { x: '1' })]));

  await signedIn();
  await page.goto(`${stack.url}/runs`);
  const runs = page.getByRole('table', { name: 'Runs, newest first' });
  const napRow = runs.getByRole('row').filter({ hasText: 'Nap in the list' });
  await napRow.locator('.status-running, .status-pending').waitFor();
  await markPage();
  await screenshot(page, 'runs-list-live');
  await showsText(napRow, 'success');
  expect(await pageWasKept()).toBe(true);
  expect(await napRow.getByRole('cell').nth(1).textContent()).toBe('Manual');
  await showsText(runs.getByRole('row').filter({ hasText: 'Quick greeting' }), 'success');
  // Newest first, and only the first page of 25 until asked for more.
  expect(await runs.getByRole('row').count()).toBe(26);
  expect(await runs.getByRole('row').nth(1).textContent()).toMatch(/^Quick greeting/);
  expect(await runs.getByRole('row').nth(2).textContent()).toMatch(/^Nap in the list/);

  await page.getByLabel('Workflow').selectOption({ label: 'Bulk import' });
  await page.waitForURL(`**/runs?workflow=${bulk.id}`);
  // The unfiltered page stays on screen until the filtered one arrives: wait for the latter's rows.
  await runs.getByRole('row').filter({ hasText: 'Quick greeting' }).waitFor({ state: 'detached' });
  await runs.getByRole('row').nth(25).waitFor();
  expect(await runs.getByRole('row').filter({ hasText: 'Schedule' }).count()).toBe(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await runs.getByRole('row').nth(26).waitFor();
  expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

  await page.getByLabel('Workflow').selectOption({ label: 'Any workflow' });
  await page.getByLabel('Status').selectOption('pending');
  await page.getByText('No runs match these filters.').waitFor();
  await page.getByLabel('Workflow').selectOption({ label: 'Never run' });
  await page.waitForURL(`**/runs?status=pending&workflow=${neverRun.id}`);
  await screenshot(page, 'runs-list-empty');
  await page.getByRole('button', { name: 'Show all runs' }).click();
  await runs.getByRole('link', { name: 'Quick greeting' }).click();
  await page.waitForURL(`**/runs/${quick.id}`);
  await page.getByRole('heading', { name: 'Run of Quick greeting' }).waitFor();
  await runEnded('success');
});

it("follows a run live on its page, node by node, and shows each node's output", { timeout: 120_000 }, async () => {
  const spec = manual(
    [
      transform('prepare', 'Prepare', { greeting: 'Hello {{ trigger.name }}' }),
      wait(8),
      transform('finish', 'Finish', { message: '{{ nodes.prepare.greeting }} after a nap' }),
    ],
    [
      ['prepare', 'wait'],
      ['wait', 'finish'],
    ],
  );
  const run = await startSpec('Greet after a nap', spec, { name: 'Ada' });
  await signedIn();
  await page.goto(`${stack.url}/runs/${run.id}`);
  await page.getByRole('heading', { name: 'Run of Greet after a nap' }).waitFor();
  await showsText(nodeRow('Wait'), 'running');
  await markPage();
  expect(await page.getByText('Live: this page follows the run as its nodes progress.').isVisible()).toBe(true);
  expect(await nodeRow('Prepare').locator('.status').textContent()).toBe('success');
  expect(await nodeRow('Finish').locator('.status').textContent()).toBe('pending');
  await screenshot(page, 'runs-run-live');

  await showsText(nodeRow('Finish'), 'success');
  await runEnded('success');
  expect(await nodeRow('Wait').locator('.status').textContent()).toBe('success');
  expect(await pageWasKept()).toBe(true);
  expect(await page.getByRole('link', { name: 'Greet after a nap' }).getAttribute('href')).toBe(
    `/workflows/${run.workflowId}`,
  );
  expect(JSON.parse((await page.getByLabel('Run input').textContent())!)).toEqual({ name: 'Ada' });

  // From the list below the graph…
  await nodeRow('Finish').getByRole('button', { name: 'Finish' }).click();
  await nodeDetails().getByRole('heading', { name: 'Finish' }).waitFor();
  expect(JSON.parse((await page.getByLabel('Output of Finish').textContent())!)).toEqual({
    message: 'Hello Ada after a nap',
  });
  expect(
    await nodeDetails().getByText('Attempts', { exact: true }).locator('xpath=following-sibling::dd[1]').textContent(),
  ).toBe('1');
  // …and from the graph itself.
  await page.locator('.react-flow__node').filter({ hasText: 'Prepare' }).click();
  await nodeDetails().getByRole('heading', { name: 'Prepare' }).waitFor();
  expect(JSON.parse((await page.getByLabel('Output of Prepare').textContent())!)).toEqual({ greeting: 'Hello Ada' });
  expect(page.url()).toMatch(/\?node=prepare$/);
  await screenshot(page, 'runs-run-success');
});

it('shows why a node failed: its error, its attempts and their log', { timeout: 120_000 }, async () => {
  const spec = manual(
    [
      {
        id: 'fetch',
        type: 'http_request',
        name: 'Fetch invoice',
        config: {
          method: 'GET',
          url: `${invoices.url}/invoices/7`,
          headers: [],
          timeoutSeconds: 5,
          retry: { maximumAttempts: 3, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
        },
      },
      transform('summarise', 'Summarise', { status: '{{ nodes.fetch.status }}' }),
    ],
    [['fetch', 'summarise']],
  );
  const run = await startSpec('Invoice lookup', spec);
  await signedIn();
  await page.goto(`${stack.url}/runs/${run.id}`);
  await runEnded('failed');
  // The failed node is shown without being asked for.
  await nodeDetails().getByRole('heading', { name: 'Fetch invoice' }).waitFor();
  expect(await nodeDetails().locator('.node-error').textContent()).toMatch(/HTTP 404/);
  expect(
    await nodeDetails().getByText('Attempts', { exact: true }).locator('xpath=following-sibling::dd[1]').textContent(),
  ).toBe('2');
  expect(await page.getByLabel('Log of Fetch invoice').textContent()).toMatch(/HTTP 503/);
  expect(await nodeRow('Summarise').locator('.status').textContent()).toBe('skipped');
  await screenshot(page, 'runs-run-failed');
});

it(
  'shows a failure routed to its handler: a dashed error edge, and a run that still succeeds',
  { timeout: 120_000 },
  async () => {
    const spec = manual(
      [
        {
          id: 'fetch',
          type: 'http_request',
          name: 'Fetch invoice',
          config: { method: 'GET', url: `${invoices.url}/invoices/8`, headers: [], timeoutSeconds: 5 },
        },
        transform('alert', 'Alert finance', { why: '{{ nodes.fetch.error.message }}' }),
      ],
      [['fetch', 'alert', 'error']],
    );
    const run = await startSpec('Invoice lookup with an alert', spec);
    await signedIn();
    await page.goto(`${stack.url}/runs/${run.id}`);
    await runEnded('success');
    const handled = page.getByText('It succeeded with a failure handled');
    expect(await handled.textContent()).toContain(': Fetch invoice.');
    expect(await nodeRow('Fetch invoice').locator('.status').textContent()).toBe('failed');
    expect(await nodeRow('Alert finance').locator('.status').textContent()).toBe('success');
    const outline = page.getByRole('list', { name: 'Run graph: nodes' });
    expect(await outline.getByRole('listitem').filter({ hasText: 'Fetch invoice' }).textContent()).toContain(
      'on failure: Alert finance',
    );
    expect(await page.locator('.react-flow__edge.error-edge').count()).toBe(1);
    await screenshot(page, 'runs-run-error-route');
  },
);

it('approves a waiting approval node from the page, and the run finishes', { timeout: 120_000 }, async () => {
  const spec = manual(
    [
      {
        id: 'ask',
        type: 'approval',
        name: 'Ask the boss',
        config: { message: 'Pay {{ trigger.amount }} EUR?', timeoutMinutes: 60, onTimeout: 'reject' },
      },
      transform('pay', 'Pay', { paid: '{{ trigger.amount }}' }),
      transform('refuse', 'Refuse', { refused: 'yes' }),
    ],
    [
      ['ask', 'pay'],
      ['ask', 'refuse', 'rejected'],
    ],
  );
  const run = await startSpec('Payment approval', spec, { amount: 120 });
  await signedIn();
  await page.goto(`${stack.url}/runs/${run.id}`);
  // The waiting approval is shown without being asked for, with the question it renders.
  const decision = page.getByRole('form', { name: 'Decision' });
  await decision.getByText('Pay 120 EUR?').waitFor({ timeout: 40_000 });
  await decision.getByLabel('Comment (optional)').fill('Looks right');
  await screenshot(page, 'runs-approval');
  await decision.getByRole('button', { name: 'Approve' }).click();
  await runEnded('success');
  expect(await nodeRow('Pay').locator('.status').textContent()).toBe('success');
  expect(await nodeRow('Refuse').locator('.status').textContent()).toBe('skipped');

  const { models } = stack.api.services;
  expect((await models.WorkflowRun.findByPk(run.id, { rejectOnEmpty: true })).runStatus).toBe('success');
  const ask = await models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'ask' }, rejectOnEmpty: true });
  expect((ask.logs as TaskLogs).output).toMatchObject({
    decision: 'approved',
    decidedBy: adminAccount.email,
    comment: 'Looks right',
    timedOut: false,
  });
});

it('cancels a running run after a confirmation', { timeout: 120_000 }, async () => {
  const run = await startSpec(
    'Long wait',
    manual([wait(600, 'sleep', 'Sleep'), transform('after', 'After', { x: '1' })], [['sleep', 'after']]),
  );
  await signedIn();
  await page.goto(`${stack.url}/runs/${run.id}`);
  await showsText(nodeRow('Sleep'), 'running');
  await page.getByRole('button', { name: 'Cancel run' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm cancelling' });
  await confirm.getByRole('button', { name: 'Keep it running' }).click();
  expect(await confirm.count()).toBe(0);
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await screenshot(page, 'runs-cancel-confirm');
  await confirm.getByRole('button', { name: 'Yes, cancel the run' }).click();
  await runEnded('cancelled');
  expect(await nodeRow('Sleep').locator('.status').textContent()).toBe('cancelled');
  expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
  expect((await stack.api.services.models.WorkflowRun.findByPk(run.id, { rejectOnEmpty: true })).runStatus).toBe(
    'cancelled',
  );
});

it('shows a run kept waiting by "buffer_one", and cancels it before it starts', { timeout: 120_000 }, async () => {
  const { id } = await workflow('One at a time', {
    ...manual([wait(600, 'sleep', 'Sleep')]),
    settings: { overlap: 'buffer_one' },
  });
  const start = () => startRun(stack.api.services, admin, { workflowId: id, input: {}, trigger: 'manual' });
  const going = await start();
  const waiting = await start();
  expect(waiting.waitingFor).toBe(going.id);
  await signedIn();
  await page.goto(`${stack.url}/runs/${waiting.id}`);
  const header = page.locator('.run-header');
  await showsText(header.locator('.status'), 'waiting');
  await header.getByText(/Waiting for the running run of this workflow to end; it starts by itself then\./).waitFor();
  await screenshot(page, 'runs-waiting');
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await page
    .getByRole('group', { name: 'Confirm cancelling' })
    .getByRole('button', { name: 'Yes, cancel the run' })
    .click();
  await runEnded('cancelled');
  await header.getByText(/while it waited to start/).waitFor();
  await stack.api.services.temporal.client.workflow.getHandle(going.temporalWorkflowId!).cancel();
});

it('resumes a failed run from its failed node, reusing what succeeded', { timeout: 120_000 }, async () => {
  let ready = false;
  const orders = await startHttpTestServer((_, res) =>
    ready
      ? res.writeHead(200, { 'content-type': 'application/json' }).end('{"order":"shipped"}')
      : res.writeHead(404).end('no such order yet'),
  );
  try {
    const spec = manual(
      [
        transform('prepare', 'Prepare', { id: '42' }),
        {
          id: 'ship',
          type: 'http_request',
          name: 'Ship order',
          config: { method: 'GET', url: `${orders.url}/orders/42`, headers: [], timeoutSeconds: 5 },
        },
      ],
      [['prepare', 'ship']],
    );
    const run = await startSpec('Order shipping', spec);
    await signedIn();
    await page.goto(`${stack.url}/runs/${run.id}`);
    await runEnded('failed');
    ready = true;
    await page.getByLabel('Re-run or resume on').selectOption('original');
    await page.getByRole('button', { name: 'Resume from failed node' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(run.id));
    await runEnded('success');
    expect(await nodeRow('Prepare').locator('.status').textContent()).toBe('success');
    await nodeRow('Prepare').getByRole('button', { name: 'Prepare' }).click();
    expect(await page.getByLabel('Log of Prepare').textContent()).toContain(`reused from run ${run.id}`);
    expect(orders.requests).toHaveLength(2);
    await screenshot(page, 'runs-resumed');
    await page.getByRole('link', { name: 'the failed run' }).click();
    await page.waitForURL((url) => url.pathname.endsWith(run.id));
  } finally {
    await orders.close();
  }
});

it('re-runs a run into a new run page, and links the run to the Temporal Web UI', { timeout: 120_000 }, async () => {
  const run = await startSpec('Echo', manual([transform('echo', 'Echo', { said: '{{ trigger.word }}' })]), {
    word: 'again',
  });
  await signedIn();
  await page.goto(`${stack.url}/runs/${run.id}`);
  await runEnded('success');

  const temporal = page.getByRole('link', { name: 'Open in Temporal Web UI' });
  const href = `${inject('temporalUiUrl')}/namespaces/default/workflows/run-${run.id}`;
  expect(await temporal.getAttribute('href')).toBe(href);
  const loaded = page.context().waitForEvent('response', (response) => response.url() === href);
  const [popup] = await Promise.all([page.waitForEvent('popup'), temporal.click()]);
  expect((await loaded).status()).toBe(200);
  await popup.waitForLoadState();
  expect(popup.url()).toBe(href);
  await popup.close();

  await page.getByRole('button', { name: 'Re-run' }).click();
  await page.waitForURL((url) => /^\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(run.id));
  const againId = page.url().split('/').pop()!;
  await page.getByRole('heading', { name: 'Run of Echo' }).waitFor();
  await runEnded('success');
  expect(await page.getByText('Trigger', { exact: true }).locator('xpath=following-sibling::dd[1]').textContent()).toBe(
    'Re-run',
  );
  const again = await stack.api.services.models.WorkflowRun.findByPk(againId, { rejectOnEmpty: true });
  expect(again).toMatchObject({ workflowId: run.workflowId, runTrigger: 'rerun', inputPayload: { word: 'again' } });
});

it("says clearly when a run is not there or not one's own", { timeout: 60_000 }, async () => {
  const run = await startSpec('Admin only', manual([transform('x', 'X', { x: '1' })]));
  page = await stack.newPage();
  await signIn(page, stack.url, 'member@example.com', 'owner password');
  await page.goto(`${stack.url}/runs/${run.id}`);
  await page.getByRole('heading', { name: 'Run not found' }).waitFor();
  expect(await page.getByRole('alert').textContent()).toMatch(/belongs to a workflow you cannot see/);
  await page.goto(`${stack.url}/runs/not-a-run`);
  await page.getByRole('heading', { name: 'Run not found' }).waitFor();
  await page.goto(`${stack.url}/runs`);
  await page.getByText(/No runs yet/).waitFor();
});

it('fits a phone: the list and a run page without sideways scrolling', { timeout: 60_000 }, async () => {
  const run = await startSpec(
    'A workflow with a rather long name for a small screen',
    manual([transform('say', 'Say something', { text: 'x'.repeat(300) })]),
    { note: 'y'.repeat(300) },
  );
  await signedIn({ width: 390, height: 844 });
  await page.goto(`${stack.url}/runs`);
  await page.getByRole('table', { name: 'Runs, newest first' }).waitFor();
  // Stacked into cards on a phone, the rows are still rows of a table to a screen reader.
  expect(
    await page
      .getByRole('table', { name: 'Runs, newest first' })
      .getByRole('row', { name: /A workflow with a rather long name/ })
      .count(),
  ).toBe(1);
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'runs-phone-list');
  await page.goto(`${stack.url}/runs/${run.id}?node=say`);
  await runEnded('success');
  await page.getByLabel('Output of Say something').waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'runs-phone-run');
});
