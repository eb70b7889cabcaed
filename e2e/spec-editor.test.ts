import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleWorkflowName } from '../seeders/0003-sample-workflow';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { admin, signIn, startBrowserStack, type BrowserStack } from './stack';

// Writing a spec as JSON, without the chat: a new workflow from the list, a change on its page,
// the browser's and the API's refusals, and a run; and all of it with no language model configured.

/** The spec the "New workflow from JSON" form starts with. */
const example: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'greet',
      type: 'transform',
      name: 'Greet',
      config: { fields: [{ name: 'message', value: 'Hello {{ trigger.name }}' }] },
    },
  ],
  edges: [],
};
const withShout: WorkflowSpec = {
  ...example,
  nodes: [
    ...example.nodes,
    {
      id: 'shout',
      type: 'transform',
      name: 'Shout',
      config: { fields: [{ name: 'loud', value: '{{ nodes.greet.message }}!' }] },
    },
  ],
  edges: [['greet', 'shout']],
};
const json = (value: unknown) => JSON.stringify(value, null, 2);

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Creates a workflow through the list's form and waits for its page; returns its id. */
async function createFromJson(page: Page, url: string, name: string): Promise<string> {
  await page.goto(`${url}/workflows`);
  const open = page.getByRole('button', { name: 'New workflow from JSON' });
  await open.click();
  expect(await open.getAttribute('aria-expanded')).toBe('true');
  const form = page.getByRole('form', { name: 'New workflow from JSON' });
  const nameField = form.getByLabel('Name', { exact: true });
  expect(await isFocused(nameField)).toBe(true);
  expect(JSON.parse(await form.getByLabel('Spec (JSON)', { exact: true }).inputValue())).toEqual(example);
  await form
    .getByRole('region', { name: 'What the new workflow does' })
    .getByRole('region', { name: 'Nodes added' })
    .getByText('Greet (transform, id greet)')
    .waitFor();
  await nameField.fill(name);
  await form.getByRole('button', { name: 'Create workflow' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** Starts a run from the workflow's page and waits on the run's page until it succeeds, running `spec`. */
async function runNow(page: Page, stack: BrowserStack, workflowId: string, spec: WorkflowSpec) {
  const form = page.getByRole('form', { name: 'Run now' });
  await form.getByLabel('Input (JSON object)').fill('{"name": "Ada"}');
  await form.getByRole('button', { name: 'Run now' }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  await page.getByText('This run ended: success.').waitFor({ timeout: 40_000 });
  const run = await stack.api.services.models.WorkflowRun.findByPk(page.url().split('/').at(-1)!, {
    rejectOnEmpty: true,
  });
  expect({
    workflowId: run.workflowId,
    status: run.runStatus,
    input: run.inputPayload,
    spec: run.specSnapshot,
  }).toEqual({ workflowId, status: 'success', input: { name: 'Ada' }, spec });
}

describe('with a language model configured', () => {
  let stack: BrowserStack;
  beforeAll(async () => {
    stack = await startBrowserStack();
  });
  afterAll(() => stack?.close());
  afterEach(async () => expect(await stack.closePages()).toEqual([]));

  it(
    'creates a workflow from JSON, changes its spec, refuses bad JSON and bad specs, and runs it',
    { timeout: 150_000 },
    async () => {
      const { models } = stack.api.services;
      const adminUser = await models.User.findOne({ where: { email: admin.email }, rejectOnEmpty: true });
      const page = await stack.newPage();
      // Every spec change the page sends, to prove a refusal in the browser sends nothing.
      const updates: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('workflows.updateSpec')) updates.push(request.url());
      });
      await signIn(page, stack.url);

      // A new workflow: its row and its version 1, written by hand.
      const workflowId = await createFromJson(page, stack.url, 'Hand-written greeting');
      const created = await models.Workflow.findByPk(workflowId, { rejectOnEmpty: true });
      expect({
        name: created.name,
        ownerId: created.ownerId,
        status: created.status,
        llmPromptVersion: created.llmPromptVersion,
        spec: created.specJson,
      }).toEqual({
        name: 'Hand-written greeting',
        ownerId: adminUser.id,
        status: 'draft',
        llmPromptVersion: null,
        spec: example,
      });
      const versionsOf = () => models.WorkflowVersion.findAll({ where: { workflowId }, order: [['version', 'ASC']] });
      expect(
        (await versionsOf()).map((v) => ({
          version: v.version,
          source: v.source,
          createdBy: v.createdBy,
          spec: v.specJson,
        })),
      ).toEqual([{ version: 1, source: 'editor', createdBy: adminUser.id, spec: example }]);

      // Adding a node: the change is listed before it is saved, then saved as version 2.
      const editButton = page
        .getByRole('group', { name: 'Workflow actions' })
        .getByRole('button', { name: 'Edit spec (JSON)' });
      await editButton.click();
      const form = page.getByRole('form', { name: 'Edit spec (JSON)' });
      const text = form.getByLabel('Spec (JSON)', { exact: true });
      expect(await isFocused(text)).toBe(true);
      expect(await text.inputValue()).toBe(json(example));
      await form.getByText('No changes against version 1 yet.').waitFor();
      await form.getByRole('button', { name: 'Save as new version' }).click();
      await form.getByText('Nothing to save: this is the same as version 1.').waitFor();
      await text.fill(json(withShout));
      const changes = form.getByRole('region', { name: 'Changes against version 1' });
      await changes.getByRole('region', { name: 'Nodes added' }).getByText('Shout (transform, id shout)').waitFor();
      await changes.getByRole('region', { name: 'Connections added' }).getByText('greet → shout').waitFor();
      expect(updates).toEqual([]);
      await screenshot(page, 'spec-editor-changes');
      await form.getByRole('button', { name: 'Save as new version' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Spec saved as version 2: the graph and versions below show it.' })
        .waitFor();
      expect(await form.count()).toBe(0);
      expect(await isFocused(editButton)).toBe(true);
      await page.getByRole('list', { name: 'Current spec graph: nodes' }).getByText('Shout').waitFor();
      const versionNumbers = page.getByRole('region', { name: 'Versions' }).getByRole('rowheader');
      await versionNumbers.nth(1).waitFor();
      expect(await versionNumbers.allTextContents()).toEqual(['2current', '1']);
      // The comparison follows the new version: the one before against it.
      await page
        .getByRole('region', { name: 'Versions' })
        .getByRole('region', { name: 'Changes from version 1 to version 2' })
        .getByText('Shout (transform, id shout)')
        .waitFor();
      expect((await models.Workflow.findByPk(workflowId, { rejectOnEmpty: true })).specJson).toEqual(withShout);
      expect((await versionsOf()).map((v) => ({ version: v.version, source: v.source, spec: v.specJson }))).toEqual([
        { version: 1, source: 'editor', spec: example },
        { version: 2, source: 'editor', spec: withShout },
      ]);

      // Text that is not JSON: said at the field, and nothing sent.
      await editButton.click();
      const againChanges = form.getByRole('region', { name: 'Changes against version 2' });
      await text.fill('{"trigger": ');
      await form.getByText('The changes show here once the text is valid JSON.').waitFor();
      const sentBefore = updates.length;
      await form.getByRole('button', { name: 'Save as new version' }).click();
      await form.getByText(/^This is not valid JSON: /).waitFor();
      expect(await text.getAttribute('aria-invalid')).toBe('true');
      expect(await isFocused(text)).toBe(true);
      expect(updates.length).toBe(sentBefore);

      // JSON that is not shaped like a spec: the browser lists why as it is typed.
      await text.fill(json({ ...withShout, nodes: [] }));
      await form.getByText('This is JSON, but not a spec yet:').waitFor();
      await form
        .locator('.wf-spec-problems li')
        .filter({ has: page.locator('code', { hasText: /^nodes$/ }) })
        .waitFor();

      // A spec shaped right but wrong in meaning: the API's problem, with its path; nothing saved, the text kept.
      const unknownEdge = json({
        ...withShout,
        edges: [
          ['greet', 'shout'],
          ['greet', 'nowhere'],
        ],
      });
      await text.fill(unknownEdge);
      await againChanges.getByRole('region', { name: 'Connections added' }).getByText('greet → nowhere').waitFor();
      await form.getByRole('button', { name: 'Save as new version' }).click();
      const refusal = form.getByRole('alert').filter({ hasText: 'Could not save the spec' });
      await refusal.waitFor();
      expect(await refusal.locator('span').first().textContent()).toBe(
        'Could not save the spec: The spec has 1 problem(s).',
      );
      const problem = refusal.getByRole('listitem');
      expect(await problem.locator('code').textContent()).toBe('edges.1');
      expect(await problem.textContent()).toContain('edge greet → nowhere names unknown node "nowhere"');
      expect(updates.length).toBe(sentBefore + 1);
      expect(await text.inputValue()).toBe(unknownEdge);
      expect((await models.Workflow.findByPk(workflowId, { rejectOnEmpty: true })).specJson).toEqual(withShout);
      expect(await models.WorkflowVersion.count({ where: { workflowId } })).toBe(2);
      await screenshot(page, 'spec-editor-problems');

      // Cancel drops the edit and gives focus back to the button.
      await form.getByRole('button', { name: 'Cancel' }).click();
      expect(await form.count()).toBe(0);
      expect(await isFocused(editButton)).toBe(true);

      await runNow(page, stack, workflowId, withShout);
      await screenshot(page, 'spec-editor-run');
    },
  );

  it('fits a phone without sideways scrolling', { timeout: 60_000 }, async () => {
    const page = await stack.newPage({ width: 390, height: 844 });
    await signIn(page, stack.url);
    await page.goto(`${stack.url}/workflows`);
    await page.getByRole('button', { name: 'New workflow from JSON' }).click();
    await page
      .getByRole('form', { name: 'New workflow from JSON' })
      .getByRole('region', { name: 'What the new workflow does' })
      .waitFor();
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'spec-editor-new-phone');

    await page.getByRole('link', { name: sampleWorkflowName }).click();
    await page.getByRole('button', { name: 'Edit spec (JSON)' }).click();
    await page.getByRole('form', { name: 'Edit spec (JSON)' }).getByText('No changes against version 1 yet.').waitFor();
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'spec-editor-edit-phone');
  });
});

describe('with no language model configured', () => {
  let stack: BrowserStack;
  beforeAll(async () => {
    // An empty value reads as unset (as docker compose passes one), so the chat has no model.
    stack = await startBrowserStack({ OPENAI_API_KEY: '' });
  });
  afterAll(() => stack?.close());
  afterEach(async () => expect(await stack.closePages()).toEqual([]));

  it(
    'says how to configure a model in the chat, while writing a spec as JSON and running it still work',
    { timeout: 120_000 },
    async () => {
      const page = await stack.newPage();
      await signIn(page, stack.url);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Author' }).click();
      // Said before anyone types, and again as the answer to a message.
      await page
        .getByRole('note')
        .getByText(/No language model is configured on this server/)
        .waitFor();
      await page.getByLabel('Message').fill('Every morning, greet the team');
      await page.getByRole('button', { name: 'Send' }).click();
      await page
        .getByText(/No language model is configured, so the chat cannot propose workflows yet\. Set OPENAI_API_KEY/)
        .waitFor();
      await page.getByText(/you can still write a spec as JSON and run it/).waitFor();
      expect(stack.llm.requests).toEqual([]);
      await screenshot(page, 'spec-editor-no-llm-author');

      const workflowId = await createFromJson(page, stack.url, 'Greeting without a model');
      expect((await stack.api.services.models.Workflow.findByPk(workflowId, { rejectOnEmpty: true })).specJson).toEqual(
        example,
      );
      await runNow(page, stack, workflowId, example);
    },
  );
});
