import type { Page } from 'playwright-core';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { User } from '../core/db/models';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { createWorkflow } from '../server/workflows/workflows.service';
import { screenshot } from './browser';
import { admin as adminAccount, signIn, startBrowserStack, type BrowserStack } from './stack';

// The workflow page's two panels for the people around a workflow: offering it to AI agents (the
// MCP server, decision 0012) and alerting on its failed runs (decision 0014), in the browser.

let stack: BrowserStack;
let admin: User;

beforeAll(async () => {
  stack = await startBrowserStack();
  admin = await stack.api.services.models.User.findOne({ where: { email: adminAccount.email }, rejectOnEmpty: true });
});
afterAll(() => stack?.close());
afterEach(async () => expect(await stack.closePages()).toEqual([]));

const spec: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [{ id: 'greet', type: 'transform', name: 'Greet', config: { fields: [{ name: 'hi', value: 'hello' }] } }],
  edges: [],
};

async function openNewWorkflow(name: string): Promise<{ page: Page; workflowId: string }> {
  const workflow = await createWorkflow(
    stack.api.services,
    admin,
    { name, description: null, spec, llmPromptVersion: null },
    { source: 'editor' },
  );
  const page = await stack.newPage();
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/workflows/${workflow.id}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return { page, workflowId: workflow.id };
}

it('offers a workflow to AI agents with an input schema, saying what is wrong with a bad one', async () => {
  const { page, workflowId } = await openNewWorkflow('Greet a customer');
  const panel = page.getByRole('form', { name: 'AI agents' });
  const schema = panel.getByLabel('Input schema (JSON Schema, optional)');
  await panel.getByLabel('Available to AI agents (MCP)').check();

  await schema.fill('{"type": "object",');
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByText(/The input schema is not valid JSON/).waitFor();

  await schema.fill('{"type": "string"}');
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByText(/"type": "object" at its top/).waitFor();

  const declared = { type: 'object', properties: { customer: { type: 'string' } }, required: ['customer'] };
  await schema.fill(JSON.stringify(declared));
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByRole('status').getByText('Saved.').waitFor();
  const workflow = await stack.api.services.models.Workflow.findByPk(workflowId, { rejectOnEmpty: true });
  expect({ agentTool: workflow.agentTool, agentInputSchema: workflow.agentInputSchema }).toEqual({
    agentTool: true,
    agentInputSchema: declared,
  });

  await page.reload();
  await expect(
    page.getByRole('form', { name: 'AI agents' }).getByLabel('Available to AI agents (MCP)').isChecked(),
  ).resolves.toBe(true);
  await screenshot(page, 'workflow-agents-panel');
  await page.close();
});

it('sets failure alerts: a webhook with its signing secret shown once, and a clear refusal', async () => {
  const { page, workflowId } = await openNewWorkflow('Nightly ledger sync');
  const panel = page.getByRole('region', { name: 'Failure alerts' });
  await panel.getByText('Last alert: never').waitFor();

  // Email without an SMTP connector to send with: refused, saying so, and nothing saved.
  await panel.getByLabel('Email').check();
  await panel.getByLabel('Recipients').fill('ops@acme.test');
  await panel.getByRole('button', { name: 'Save alerts' }).click();
  await panel.getByRole('alert').waitFor();
  expect(await panel.getByRole('alert').innerText()).toMatch(/SMTP connector/i);
  await panel.getByLabel('Email').uncheck();

  await panel.getByLabel('Webhook', { exact: true }).check();
  await panel.getByLabel('Webhook URL').fill('https://hooks.acme.test/alerts');
  await panel.getByLabel('At most one alert every (minutes)').fill('30');
  await panel.getByRole('button', { name: 'Save alerts' }).click();
  const secret = page.getByRole('region', { name: 'New alert signing secret' });
  await secret.waitFor();
  expect(await secret.locator('code').innerText()).toMatch(/^whsec_/);
  const [row] = await stack.api.services.sequelize.query<{
    webhook_enabled: boolean;
    webhook_url: string;
    window_minutes: number;
  }>('SELECT webhook_enabled, webhook_url, window_minutes FROM workflow_alerts WHERE workflow_id = :workflowId', {
    replacements: { workflowId },
    type: QueryTypes.SELECT,
  });
  expect(row).toEqual({ webhook_enabled: true, webhook_url: 'https://hooks.acme.test/alerts', window_minutes: 30 });
  await screenshot(page, 'workflow-alerts-panel');
  await secret.getByRole('button', { name: 'I have stored it' }).click();
  await secret.waitFor({ state: 'detached' });

  // Once stored, the secret is never shown again; the settings are.
  await page.reload();
  const again = page.getByRole('region', { name: 'Failure alerts' });
  await expect(again.getByLabel('Webhook URL').inputValue()).resolves.toBe('https://hooks.acme.test/alerts');
  expect(await page.getByRole('region', { name: 'New alert signing secret' }).count()).toBe(0);
  await page.close();
});
