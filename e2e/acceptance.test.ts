import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { createOwner } from '../testing/fixtures';
import { screenshot } from './browser';
import { signIn, startBrowserStack, type BrowserStack } from './stack';

// The product's promise in one journey, as a person does it: describe an automation in chat,
// accept the proposal, run it, watch it succeed, read a node's output and log, and find the run
// in Temporal's own Web UI. Then another member signs in and sees none of it.

let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
  await createOwner(stack.api.services.models, 'member@example.com');
});
afterAll(() => stack?.close());
afterEach(async () => expect(await stack.closePages()).toEqual([]));

const proposed: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'greet',
      type: 'transform',
      name: 'Build greeting',
      config: { fields: [{ name: 'message', value: 'Hello, {{ trigger.name }}' }] },
    },
    {
      id: 'shout',
      type: 'transform',
      name: 'Make it loud',
      config: { fields: [{ name: 'loud', value: '{{ nodes.greet.message }}!' }] },
    },
  ],
  edges: [['greet', 'shout']],
};

it(
  'authors a workflow in chat, accepts it, runs it, watches it succeed, reads a node and follows the Temporal link; a member sees none of it',
  { timeout: 240_000 },
  async () => {
    const page = await stack.newPage();
    await signIn(page, stack.url);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Author' }).click();
    await page.waitForURL(/\/author\/[0-9a-f-]{36}$/);
    stack.llm.script({
      content: JSON.stringify({
        reply: 'This greets the person you name, loudly.',
        questions: [],
        name: 'Loud greeting',
        spec: proposed,
      }),
    });
    await page.getByLabel('Message').fill('When I start it with a name, greet that person loudly');
    await page.getByRole('button', { name: 'Send' }).click();
    const proposal = page.getByRole('region', { name: 'Proposal' });
    await proposal.locator('.react-flow__node', { hasText: 'Make it loud' }).waitFor();
    await screenshot(page, 'journey-1-proposal');
    await proposal.getByRole('button', { name: 'Accept' }).click();
    await proposal.getByRole('link', { name: 'Open the workflow' }).click();

    await page.getByRole('heading', { level: 1, name: 'Loud greeting' }).waitFor();
    const workflow = await stack.api.services.models.Workflow.findOne({
      where: { name: 'Loud greeting' },
      rejectOnEmpty: true,
    });
    expect(workflow.specJson).toEqual(proposed);
    const runNow = page.getByRole('form', { name: 'Run now' });
    await runNow.getByLabel('Input (JSON object)').fill('{"name": "Ada"}');
    await runNow.getByRole('button', { name: 'Run now' }).click();

    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').at(-1)!;
    await page.getByText('This run ended: success.').waitFor({ timeout: 60_000 });
    const run = await stack.api.services.models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true });
    expect(run).toMatchObject({ workflowId: workflow.id, runStatus: 'success', inputPayload: { name: 'Ada' } });

    await page
      .getByRole('table', { name: 'Nodes of this run' })
      .getByRole('button', { name: 'Make it loud', exact: true })
      .click();
    expect(JSON.parse((await page.getByLabel('Output of Make it loud').textContent())!)).toEqual({
      loud: 'Hello, Ada!',
    });
    await page.getByRole('list', { name: 'Log of Make it loud' }).waitFor();
    await screenshot(page, 'journey-2-run');

    const temporal = page.getByRole('link', { name: 'Open in Temporal Web UI' });
    const href = `${inject('temporalUiUrl')}/namespaces/default/workflows/${run.temporalWorkflowId}`;
    expect(await temporal.getAttribute('href')).toBe(href);
    const loaded = page.context().waitForEvent('response', (response) => response.url() === href);
    const [popup] = await Promise.all([page.waitForEvent('popup'), temporal.click()]);
    expect((await loaded).status()).toBe(200);
    // The Web UI itself shows this run's Temporal workflow id once it has read it from the server.
    await popup.getByText(run.temporalWorkflowId!).first().waitFor({ timeout: 60_000 });
    await screenshot(popup, 'journey-3-temporal-ui');
    await popup.close();
    await page.close();

    const member = await stack.newPage();
    await signIn(member, stack.url, 'member@example.com', 'owner password');
    await member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    await member.getByText('No workflows yet.').waitFor();
    await member.goto(`${stack.url}/workflows/${workflow.id}`);
    await member.getByRole('heading', { name: 'Workflow not found' }).waitFor();
    await member.goto(`${stack.url}/runs/${runId}`);
    await member.getByRole('heading', { name: 'Run not found' }).waitFor();
    expect(await member.content()).not.toContain('Loud greeting');
    await member.close();
  },
);
