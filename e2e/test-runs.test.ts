import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { User } from '../core/db/models';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { cancelRun } from '../server/runs/run-control.service';
import { startRun } from '../server/runs/runs.service';
import { createWorkflow, setWorkflowStatus } from '../server/workflows/workflows.service';
import { startSmtpServer, type FakeSmtpServer } from '../testing/fakes/smtp-server.fake';
import { fiveNodeSpec } from '../testing/five-node-spec';
import { createConnector } from '../testing/fixtures';
import { startHttpTestServer, type HttpTestServer } from '../testing/http-test-server';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { admin as adminAccount, signIn, startBrowserStack, type BrowserStack } from './stack';

// Test runs from the workflow page (decision 0011) on the stack's real worker, against a loopback
// HTTP server and SMTP server that count what reaches them: a test must reach neither, its preview
// must say what a real run would send, and a pinned output must be what the next test reads.

let stack: BrowserStack;
let page: Page;
let admin: User;
let invoicesApi: HttpTestServer;
let smtp: FakeSmtpServer;
let ids: { http: string; smtp: string };

beforeAll(async () => {
  stack = await startBrowserStack();
  const { models, config } = stack.api.services;
  admin = await models.User.findOne({ where: { email: adminAccount.email }, rejectOnEmpty: true });
  invoicesApi = await startHttpTestServer((_, res) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ invoices: [{ id: 'INV-1', amount: 150 }] })),
  );
  smtp = await startSmtpServer({ username: 'mailer', password: 'smtp-pass-e2e-test-runs' });
  const http = await createConnector(
    models,
    config.APP_ENCRYPTION_KEY,
    admin.id,
    'http',
    { baseUrl: `${invoicesApi.url}/api`, headers: [], auth: 'bearer' },
    { bearerToken: 'tok_e2e_test_runs_9c1d' },
  );
  const mail = await createConnector(
    models,
    config.APP_ENCRYPTION_KEY,
    admin.id,
    'smtp',
    { host: '127.0.0.1', port: smtp.port, secure: false, username: 'mailer', from: 'robot@acme.test' },
    { password: 'smtp-pass-e2e-test-runs' },
  );
  ids = { http: http.id, smtp: mail.id };
});
afterAll(async () => {
  await invoicesApi?.close();
  await smtp?.close();
  await stack?.close();
});
afterEach(async () => expect(await stack.closePages()).toEqual([]));

/**
 * Fetch open invoices → summarise ‖ check → ask for approval → email finance. The email's text
 * reads `trigger.note`, which the tests leave out: one template that renders empty.
 */
function invoiceSpec(): WorkflowSpec {
  const spec = fiveNodeSpec(ids, '/invoices?status=open');
  const notify = spec.nodes.find((node) => node.id === 'notify')!;
  if (notify.type === 'send_email') notify.config.text += '{{ trigger.note }}';
  spec.nodes.push({
    id: 'ask',
    type: 'approval',
    name: 'Ask before emailing',
    config: {
      message: 'Email finance about {{ length(nodes.fetch.body.invoices) }} invoices?',
      timeoutMinutes: 60,
      onTimeout: 'reject',
    },
  });
  spec.edges = [
    ['fetch', 'summarise'],
    ['fetch', 'check'],
    ['check', 'ask', 'true'],
    ['ask', 'notify', 'approved'],
    ['check', 'all_clear', 'false'],
  ];
  return spec;
}

const saveWorkflow = (name: string) =>
  createWorkflow(
    stack.api.services,
    admin,
    { name, description: null, spec: invoiceSpec(), llmPromptVersion: null },
    { source: 'editor' },
  );

async function openWorkflow(id: string, name: string, viewport?: { width: number; height: number }) {
  page = await stack.newPage(viewport);
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/workflows/${id}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** What reached the loopback servers: a test run must add nothing. */
const reachedOutside = () => ({ requests: invoicesApi.requests.length, emails: smtp.messages.length });

const testForm = () => page.getByRole('form', { name: 'Test run' });
const preview = () => page.getByRole('region', { name: 'Test run preview' });
const previewNode = (scope: Locator, name: string) => scope.getByRole('article', { name, exact: true });
/** Waits for the preview's summary once the run has ended (no "so far"); a busy machine can be slow. */
const summary = (scope: Locator, text: string) => scope.getByText(text, { exact: true }).waitFor({ timeout: 40_000 });

async function runTest(input: string) {
  await testForm().getByLabel('Input (JSON object)').fill(input);
  await testForm().getByRole('button', { name: 'Run test' }).click();
}

it(
  'runs a test from the workflow page: the preview says what a real run would send, and nothing is sent',
  { timeout: 120_000 },
  async () => {
    const workflow = await saveWorkflow('Open invoices reminder');
    await openWorkflow(workflow.id, 'Open invoices reminder');
    const before = reachedOutside();

    // A refused input sends nothing and says why, under the field.
    await runTest('{"recipient": ');
    await testForm()
      .getByText(/The input is not valid JSON/)
      .waitFor();
    expect(await testForm().getByLabel('Input (JSON object)').getAttribute('aria-invalid')).toBe('true');

    // One approval in the spec: one choice, approve unless changed.
    const approval = testForm().getByRole('group', { name: 'Ask before emailing' });
    expect(await approval.getByLabel('Approve').isChecked()).toBe(true);
    await runTest('{"recipient": "finance@acme.test"}');
    await summary(preview(), 'Would send 1 request and 1 email; 1 template rendered empty.');
    // The result was announced by moving focus to it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Test run preview');

    const fetch = previewNode(preview(), 'Fetch open invoices');
    await fetch.getByText(`GET ${invoicesApi.url}/api/invoices?status=open`, { exact: true }).waitFor();
    // The connector's credentials are never shown, only where they go.
    expect(await fetch.getByLabel('Headers of Fetch open invoices').textContent()).toBe(
      'authorization(secret, from the connector)',
    );
    expect(await fetch.getByText('derived sample', { exact: true }).count()).toBe(1);
    const ask = previewNode(preview(), 'Ask before emailing');
    expect(await ask.textContent()).toMatch(/Would ask: ‘Email finance about \d+ invoices\?’/);
    expect(await previewNode(preview(), 'Anything open?').locator('dl').textContent()).toBe('Branchtrue');
    const email = previewNode(preview(), 'Email finance');
    await email.getByText(/^Email to finance@acme\.test — subject ‘\d+ open invoices’$/).waitFor();
    expect(await email.getByText('simulated', { exact: true }).count()).toBe(1);
    expect(await email.getByLabel('Text of Email finance').textContent()).toMatch(/^Total due: \d+$/);
    expect(await email.getByRole('note', { name: 'Empty templates of Email finance' }).textContent()).toContain(
      'text: {{ trigger.note }}',
    );
    expect(await previewNode(preview(), 'Nothing to do').locator('.status').textContent()).toBe('skipped');
    await screenshot(page, 'test-runs-preview');
    expect(reachedOutside()).toEqual(before);

    // Listed apart: on the workflow's Test runs tab, never among its runs.
    const recent = page.getByRole('region', { name: 'Recent runs' });
    await recent.getByText('No runs yet: start one with Run now.').waitFor();
    await recent.getByRole('tab', { name: 'Test runs' }).click();
    await recent.getByRole('table', { name: 'Recent test runs' }).getByRole('link').waitFor();
    expect(await recent.getByRole('table', { name: 'Recent test runs' }).getByRole('row').count()).toBe(2);

    await page.goto(`${stack.url}/runs`);
    const runs = page.getByRole('table', { name: 'Runs, newest first' });
    await page.getByText('No runs yet.', { exact: false }).waitFor();
    await page.getByRole('tab', { name: 'Test runs' }).click();
    await page.waitForURL('**/runs?tests=1');
    await runs.getByRole('row').filter({ hasText: 'Open invoices reminder' }).getByText('Test run').waitFor();
  },
);

it('pins an output as JSON, and the next test answers with it', { timeout: 120_000 }, async () => {
  const workflow = await saveWorkflow('Pinned invoices');
  await openWorkflow(workflow.id, 'Pinned invoices');
  const before = reachedOutside();
  const pins = page.getByRole('region', { name: 'Pinned outputs' });
  await pins.getByText('Nothing is pinned on version 1.').waitFor();
  // Only the nodes acting outside the run take pins.
  const rows = pins.getByRole('table', { name: 'Pinned outputs' }).getByRole('row');
  expect(await rows.count()).toBe(3);
  await pins.getByRole('button', { name: 'Pin output of Fetch open invoices' }).click();
  const editor = pins.getByRole('form', { name: 'Pin the output of Fetch open invoices' });
  const output = editor.getByLabel('Output (JSON)');
  // It starts from the sample a test would derive, which has the right shape.
  expect(JSON.parse(await output.inputValue())).toMatchObject({ status: 200, body: { invoices: expect.any(Array) } });

  await output.fill('{"status": ');
  await editor.getByRole('button', { name: 'Pin output' }).click();
  await editor.getByText(/The output is not valid JSON/).waitFor();
  // JSON of the wrong shape: the API refuses it and says why.
  await output.fill('{"status": "ok"}');
  await editor.getByRole('button', { name: 'Pin output' }).click();
  await editor
    .getByRole('alert')
    .getByText(/does not have the shape a http_request node outputs/)
    .waitFor();
  await output.fill('{"status": 200, "headers": {}, "body": {"invoices": [{"id": "PIN-1", "amount": 5}]}}');
  await editor.getByRole('button', { name: 'Pin output' }).click();
  await pins.getByText('Pinned the output of Fetch open invoices: test runs answer with it.').waitFor();
  expect(JSON.parse((await pins.getByLabel('Pinned output of Fetch open invoices').textContent())!)).toEqual({
    status: 200,
    headers: {},
    body: { invoices: [{ id: 'PIN-1', amount: 5 }] },
  });
  await screenshot(page, 'test-runs-pins');

  // This time the approval rejects: the email is never rendered, and the pin is what the nodes read.
  await testForm().getByRole('group', { name: 'Ask before emailing' }).getByLabel('Reject').check();
  await runTest('{"recipient": "finance@acme.test"}');
  await summary(preview(), 'Would send 1 request.');
  const fetch = previewNode(preview(), 'Fetch open invoices');
  expect(await fetch.getByText('pinned', { exact: true }).count()).toBe(1);
  expect(await previewNode(preview(), 'Ask before emailing').textContent()).toContain(
    'Would ask: ‘Email finance about 1 invoices?’The test rejected it at once, as it was told to.',
  );
  expect(await previewNode(preview(), 'Email finance').locator('.status').textContent()).toBe('skipped');
  expect(reachedOutside()).toEqual(before);

  // The test run's own page: plainly a test, its preview, no Re-run, and the pin in the transform's output.
  await preview().getByRole('link', { name: 'Open the test run' }).click();
  await page.getByRole('heading', { level: 1, name: 'Test run of Pinned invoices' }).waitFor();
  await page.getByText('Test run — nothing was sent.').waitFor();
  await summary(page.getByRole('region', { name: 'What a real run would do' }), 'Would send 1 request.');
  expect(await page.getByRole('button', { name: 'Re-run' }).count()).toBe(0);
  await page
    .getByRole('table', { name: 'Nodes of this run' })
    .getByRole('button', { name: 'Summarise', exact: true })
    .click();
  await page.locator('.node-details').getByRole('heading', { name: 'Summarise' }).waitFor();
  expect(JSON.parse((await page.getByLabel('Output of Summarise').textContent())!)).toEqual({ count: 1, total: 5 });
  // A test run's output is not offered as a pin: only real outputs are.
  await page
    .getByRole('table', { name: 'Nodes of this run' })
    .getByRole('button', { name: 'Fetch open invoices' })
    .click();
  await page.getByLabel('Output of Fetch open invoices').waitFor();
  expect(await page.getByRole('button', { name: 'Pin this output' }).count()).toBe(0);
  await screenshot(page, 'test-runs-run-page');

  // Unpinned, a test goes back to a derived sample.
  await page.getByRole('link', { name: 'Pinned invoices' }).click();
  await pins.getByRole('button', { name: 'Unpin Fetch open invoices' }).click();
  await pins
    .getByRole('group', { name: /^Unpin the output of Fetch open invoices\?/ })
    .getByRole('button', { name: 'Unpin' })
    .click();
  await pins.getByText('Unpinned Fetch open invoices.').waitFor();
  await pins.getByText('Nothing is pinned on version 1.').waitFor();
});

it("pins a real run's output from its run page, for the workflow's test runs", { timeout: 120_000 }, async () => {
  const workflow = await saveWorkflow('Invoices pinned from a run');
  await setWorkflowStatus(stack.api.services, admin, workflow.id, 'active');
  const run = await startRun(stack.api.services, admin, {
    workflowId: workflow.id,
    input: { recipient: 'finance@acme.test' },
    trigger: 'manual',
  });
  page = await stack.newPage();
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/runs/${run.id}`);
  await page.getByRole('heading', { level: 1, name: 'Run of Invoices pinned from a run' }).waitFor();
  // It waits for the approval: the fetch has succeeded by then.
  const nodes = page.getByRole('table', { name: 'Nodes of this run' });
  await nodes
    .getByRole('row')
    .filter({ hasText: 'Fetch open invoices' })
    .getByText('success')
    .waitFor({ timeout: 40_000 });
  await nodes.getByRole('button', { name: 'Fetch open invoices' }).click();
  await page.getByLabel('Output of Fetch open invoices').waitFor();
  // A transform runs for real in tests: it takes no pin.
  await nodes.getByRole('button', { name: 'Summarise', exact: true }).click();
  await page.getByLabel('Output of Summarise').waitFor();
  expect(await page.getByRole('button', { name: 'Pin this output' }).count()).toBe(0);
  await nodes.getByRole('button', { name: 'Fetch open invoices' }).click();
  await page.getByRole('button', { name: 'Pin this output' }).click();
  await page.getByText('Pinned on version 1: test runs of this workflow answer with this output.').waitFor();
  await screenshot(page, 'test-runs-pin-from-run');

  await page.getByRole('link', { name: 'See the pinned outputs' }).click();
  const pins = page.getByRole('region', { name: 'Pinned outputs' });
  const pinned = JSON.parse((await pins.getByLabel('Pinned output of Fetch open invoices').textContent())!) as {
    body: unknown;
  };
  expect(pinned.body).toEqual({ invoices: [{ id: 'INV-1', amount: 150 }] });
  // Readable on a phone too, the preview included.
  await page.setViewportSize({ width: 390, height: 844 });
  await runTest('{"recipient": "finance@acme.test"}');
  await summary(preview(), 'Would send 1 request and 1 email; 1 template rendered empty.');
  expect(await previewNode(preview(), 'Fetch open invoices').getByText('pinned', { exact: true }).count()).toBe(1);
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'test-runs-phone');
  // The real run still waits for its approval: end it, so nothing is left running.
  await cancelRun(stack.api.services, admin, run.id);
});
