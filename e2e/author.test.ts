import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { sampleSpec, sampleWorkflowName } from '../seeders/0003-sample-workflow';
import type { ScriptedAnswer } from '../testing/fakes/openai.fake';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { currentPrompt } from '../server/authoring/prompts';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { signIn, startBrowserStack, type BrowserStack } from './stack';

let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
});
afterAll(() => stack?.close());
afterEach(async () => expect(await stack.closePages()).toEqual([]));

async function openPage(viewport?: { width: number; height: number }) {
  const page = await stack.newPage(viewport);
  await signIn(page, stack.url);
  return page;
}

/** Opens /author (optionally about a workflow) and waits for the conversation it starts. */
async function startConversation(page: Page, query = '') {
  await page.goto(`${stack.url}/author${query}`);
  await page.waitForURL(/\/author\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Conversation' }).waitFor();
  return page.url().split('/').at(-1)!;
}

/** The model's structured answer, as the local OpenAI-protocol server streams it. */
const answer = (
  reply: string,
  spec: WorkflowSpec | null,
  questions: string[] = [],
  name: string | null = 'Greet people',
  extra = {},
): ScriptedAnswer => ({
  content: JSON.stringify({ reply, questions, name, spec }),
  ...extra,
});

const greeting: WorkflowSpec = {
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

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const proposal = (page: Page) => page.getByRole('region', { name: 'Proposal' });

it(
  'asks a question, streams the reply with its figures, proposes a spec as graph, JSON and changes, and accepts it',
  { timeout: 180_000 },
  async () => {
    const page = await openPage();
    const conversationId = await startConversation(page);
    await proposal(page).getByText('No proposal yet.').waitFor();
    expect(await page.getByRole('note').count()).toBe(0); // a model is configured: no notice

    const question = 'Whom should it greet, and how formally?';
    const reply =
      'Happy to build that. A greeting needs to know who it is for, so before I propose anything, tell me whom it should greet and how formal the greeting should be.';
    stack.llm.script(
      answer(reply, null, [question], null, {
        pieceDelayMs: 60,
        usage: { prompt_tokens: 1234, completion_tokens: 56 },
      }),
    );
    const box = page.getByLabel('Message');
    const send = page.getByRole('button', { name: 'Send' });
    await box.fill('Greet whoever starts the workflow');
    await box.press('Enter');

    // The reply appears while the model is still writing it, and Send waits for it to finish.
    const streaming = page.getByRole('listitem', { name: 'Reply being written' });
    await streaming.getByText(/^Happy to build/).waitFor();
    expect(await streaming.textContent()).not.toContain('how formal the greeting should be');
    await box.fill('Everyone, informally');
    expect(await send.isDisabled()).toBe(true);
    await log(page).getByText(reply).waitFor();
    await send.and(page.locator(':enabled')).waitFor();

    const questions = log(page).getByRole('list', { name: 'The assistant asks:' });
    expect(await questions.getByRole('listitem').allTextContents()).toEqual([question]);
    await log(page)
      .getByText(/^1,234 tokens in · 56 tokens out · \d+(\.\d)? m?s · gpt-4o-mini$/)
      .waitFor();
    await proposal(page).getByText('No proposal yet.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // Shift+Enter adds a line; it does not send.
    await box.press('Shift+Enter');
    await box.pressSequentially('Thanks');
    expect(await box.inputValue()).toBe('Everyone, informally\nThanks');
    expect(stack.llm.requests.length).toBe(1);

    stack.llm.script(answer('Here is a workflow that builds a greeting and makes it loud.', greeting));
    await send.click();
    await log(page).getByText('Here is a workflow that builds a greeting and makes it loud.').waitFor();
    await log(page).getByText('Proposed a workflow: review it beside the chat.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // Graph: the nodes on the canvas and in its keyboard outline.
    const panel = proposal(page);
    await panel.locator('.react-flow__node', { hasText: 'Build greeting' }).waitFor();
    await panel.locator('.react-flow__node', { hasText: 'Make it loud' }).waitFor();
    expect(
      await panel.getByRole('list', { name: 'Proposed workflow: nodes' }).getByRole('listitem').allTextContents(),
    ).toEqual(['Build greeting (transform)', 'Make it loud (transform)']);
    await panel.getByText('Starts by hand.').waitFor();
    await screenshot(page, 'author-proposal-graph');

    // Spec, then Changes with the arrow key.
    await panel.getByRole('tab', { name: 'Spec' }).click();
    const json = JSON.parse((await panel.getByLabel('Proposed spec (JSON)').textContent())!);
    expect(json).toEqual(greeting);
    await page.keyboard.press('ArrowRight');
    expect(await panel.getByRole('tab', { name: 'Changes' }).getAttribute('aria-selected')).toBe('true');
    expect(await panel.getByRole('region', { name: 'Nodes added' }).getByRole('listitem').allTextContents()).toEqual([
      'Build greeting (transform, id greet)',
      'Make it loud (transform, id shout)',
    ]);
    await panel.getByRole('region', { name: 'Connections added' }).getByText('greet → shout').waitFor();
    await panel.getByRole('region', { name: 'Trigger changed' }).getByText('New: Manual', { exact: true }).waitFor();
    await screenshot(page, 'author-proposal-changes');

    await panel.getByText('Accepting saves this as a new draft workflow named “Greet people”.').waitFor();
    await panel.getByRole('button', { name: 'Accept' }).click();
    await panel.getByRole('status').filter({ hasText: 'Accepted and saved' }).waitFor();

    const { Workflow, WorkflowVersion, ChatMessage } = stack.api.services.models;
    const workflow = await Workflow.findOne({ where: { name: 'Greet people' } });
    expect(workflow).toMatchObject({ status: 'draft', llmPromptVersion: currentPrompt.id, specJson: greeting });
    const accepted = await ChatMessage.findOne({ where: { conversationId, proposalStatus: 'accepted' } });
    const versions = await WorkflowVersion.findAll({ where: { workflowId: workflow!.id } });
    expect(versions.map((v) => [v.version, v.source, v.chatMessageId])).toEqual([[1, 'chat', accepted!.id]]);
    expect(await panel.getByRole('link', { name: 'Open the workflow' }).getAttribute('href')).toBe(
      `/workflows/${workflow!.id}`,
    );
    await page.getByText('Editing Greet people').waitFor();
    expect(await panel.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await screenshot(page, 'author-accepted');

    // Reopening the address shows the whole conversation.
    await page.reload();
    await log(page).getByText('Greet whoever starts the workflow').waitFor();
    await log(page).getByRole('list', { name: 'The assistant asks:' }).getByText(question).waitFor();
    await log(page).getByText('Everyone, informally\nThanks').waitFor();
    await proposal(page).getByRole('link', { name: 'Open the workflow' }).waitFor();
    expect(
      await log(page)
        .getByRole('listitem')
        .filter({ has: page.locator('.chat-author') })
        .count(),
    ).toBe(4);
  },
);

it(
  'shows a failing model endpoint as a readable message and lets the person send again',
  { timeout: 120_000 },
  async () => {
    const page = await openPage();
    await startConversation(page);
    const serverError = { httpStatus: 500, error: { message: 'upstream exploded', type: 'server_error' } };
    // The client retries once, so the endpoint fails twice.
    stack.llm.script(serverError, serverError);
    await page.getByLabel('Message').fill('Greet me');
    await page.getByRole('button', { name: 'Send' }).click();
    const failed = log(page).getByRole('listitem').filter({ hasText: 'Assistant · no answer' });
    await failed.getByText(/The model endpoint answered 500: .*upstream exploded/).waitFor();
    await screenshot(page, 'author-model-error');

    stack.llm.script(
      answer('Hello again: what should the greeting say?', null, ['What should the greeting say?'], null),
    );
    await page.getByLabel('Message').fill('Greet me, please');
    await page.getByRole('button', { name: 'Send' }).click();
    await log(page).getByText('Hello again: what should the greeting say?').waitFor();
    await proposal(page).getByText('No proposal yet.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  },
);

it(
  'says when the stream to the server breaks, sends nothing twice, and sends the message again on request',
  { timeout: 120_000 },
  async () => {
    const page = await openPage();
    const conversationId = await startConversation(page);
    const requestsBefore = stack.llm.requests.length;
    await page.route('**/trpc/chat.send?**', (route) => route.abort('connectionreset'));
    await page.getByLabel('Message').fill('Greet the night shift');
    await page.getByRole('button', { name: 'Send' }).click();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'Your message did not get an answer: The connection to the server was lost' });
    await alert.waitFor();
    expect(await page.getByLabel('Message').inputValue()).toBe('');
    expect(await stack.api.services.models.ChatMessage.count({ where: { conversationId } })).toBe(0);

    await page.unroute('**/trpc/chat.send?**');
    stack.llm.script(answer('Night shift greeted.', null, [], null));
    await alert.getByRole('button', { name: 'Try again' }).click();
    await log(page).getByText('Night shift greeted.').waitFor();
    await log(page).getByText('Greet the night shift').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(stack.llm.requests.length).toBe(requestsBefore + 1);
    expect(await stack.api.services.models.ChatMessage.count({ where: { conversationId } })).toBe(2);
  },
);

it('discards a proposal: it is gone and nothing is saved', { timeout: 120_000 }, async () => {
  const page = await openPage();
  const conversationId = await startConversation(page);
  stack.llm.script(answer('A greeting workflow.', greeting, [], 'Discard me'));
  await page.getByLabel('Message').fill('Greet people');
  await page.getByLabel('Message').press('Enter');
  const panel = proposal(page);
  await panel.locator('.react-flow__node', { hasText: 'Build greeting' }).waitFor();

  await panel.getByRole('button', { name: 'Discard' }).click();
  await panel.getByText('Proposal discarded.').waitFor();
  expect(await panel.getByRole('tab').count()).toBe(0);
  expect(await panel.getByRole('button', { name: 'Accept' }).count()).toBe(0);
  await log(page).getByText('Proposal discarded.').waitFor();
  const { ChatMessage, Workflow } = stack.api.services.models;
  expect((await ChatMessage.findOne({ where: { conversationId, role: 'assistant' } }))?.proposalStatus).toBe(
    'discarded',
  );
  expect(await Workflow.count({ where: { name: 'Discard me' } })).toBe(0);
});

it('warns when the reply claims a change the proposal does not make', { timeout: 120_000 }, async () => {
  const page = await openPage();
  await startConversation(page);
  const reply = 'Here is the greeting. I also added an approval step, so you can check it before it goes out.';
  stack.llm.script(answer(reply, greeting, [], 'Unapproved greeting'));
  await page.getByLabel('Message').fill('Greet people, but let me approve the greeting first');
  await page.getByLabel('Message').press('Enter');
  const panel = proposal(page);
  await panel
    .getByRole('alert', { name: 'The reply and the change disagree:' })
    .getByText('The reply says an approval step was added, but the proposal has no approval node.')
    .waitFor();
  // A warning, not a refusal: the person decides.
  expect(await panel.getByRole('button', { name: 'Accept' }).isEnabled()).toBe(true);
  await screenshot(page, 'author-reply-warning');
});

it(
  'shows the problems of a proposal the assistant could not fix, and offers no way to accept it',
  { timeout: 120_000 },
  async () => {
    const page = await openPage();
    const conversationId = await startConversation(page);
    const broken = { ...greeting, edges: [['greet', 'ghost']] } as unknown as WorkflowSpec;
    // The first answer and both repair rounds stay invalid.
    stack.llm.script(answer('Draft one.', broken), answer('Draft two.', broken), answer('Draft three.', broken));
    await page.getByLabel('Message').fill('Greet people');
    await page.getByLabel('Message').press('Enter');
    const panel = proposal(page);
    const problems = panel.getByRole('list', { name: 'Problems' });
    await problems.getByText('edge greet → ghost names unknown node "ghost"').waitFor();
    expect(await panel.getByRole('tab', { name: /^Problems \(\d+\)$/ }).getAttribute('aria-selected')).toBe('true');
    await panel.getByText('This proposal has problems the assistant could not fix').waitFor();
    await log(page)
      .getByText(/could not produce a valid workflow/)
      .waitFor();
    await log(page).getByText('2 repair rounds', { exact: false }).waitFor();
    expect(await panel.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect(await panel.getByRole('tab', { name: 'Changes' }).count()).toBe(0);
    await panel.getByRole('tab', { name: 'Graph' }).click();
    await panel.locator('.react-flow__node', { hasText: 'Make it loud' }).waitFor();
    expect(
      (await stack.api.services.models.ChatMessage.findOne({ where: { conversationId, role: 'assistant' } }))
        ?.proposalStatus,
    ).toBe('invalid');
    await screenshot(page, 'author-problems');
  },
);

it(
  'edits an existing workflow from ?workflowId and shows the change against its current version',
  { timeout: 120_000 },
  async () => {
    const { Workflow, Connector, WorkflowVersion } = stack.api.services.models;
    const sample = (await Workflow.findOne({ where: { name: sampleWorkflowName } }))!;
    const connector = (await Connector.findOne({ where: { ownerId: sample.ownerId } }))!;
    const page = await openPage();
    await startConversation(page, `?workflowId=${sample.id}`);
    await page.getByText(`Editing ${sampleWorkflowName}`).waitFor();

    const earlier = sampleSpec(connector.id);
    stack.llm.script(
      answer('Moved to 8 o’clock.', { ...earlier, trigger: { type: 'cron', cron: '0 8 * * 1-5' } }, [], null),
    );
    await page.getByLabel('Message').fill('Run it at 8 instead of 9');
    await page.getByLabel('Message').press('Enter');
    const panel = proposal(page);
    await panel.getByRole('tab', { name: 'Changes' }).click();
    await panel
      .getByRole('region', { name: 'Trigger changed' })
      .getByText('Cron 0 9 * * 1-5 (UTC) → Cron 0 8 * * 1-5 (UTC)', { exact: true })
      .waitFor();
    expect(await panel.getByRole('region', { name: 'Nodes added' }).count()).toBe(0);
    await panel.getByText(`Accepting saves this as a new version of “${sampleWorkflowName}”.`).waitFor();

    await panel.getByRole('button', { name: 'Accept' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: `Accepted and saved to “${sampleWorkflowName}”` })
      .waitFor();
    await sample.reload();
    expect(sample.specJson.trigger).toEqual({ type: 'cron', cron: '0 8 * * 1-5' });
    expect(await WorkflowVersion.count({ where: { workflowId: sample.id } })).toBe(2);
  },
);

it('says so for a conversation or a workflow that does not exist', { timeout: 60_000 }, async () => {
  const page = await openPage();
  const unknownId = '00000000-0000-4000-8000-000000000000';
  for (const [path, message] of [
    [`/author/${unknownId}`, 'Could not load the conversation: No such conversation.'],
    ['/author/not-a-conversation', 'Could not load the conversation: No such conversation.'],
    [`/author?workflowId=${unknownId}`, 'Could not start a conversation: No such workflow.'],
    ['/author?workflowId=not-a-workflow', 'Could not start a conversation: No such workflow.'],
  ] as const) {
    await page.goto(`${stack.url}${path}`);
    await page.getByRole('alert').getByText(message).waitFor();
  }
  await page.getByRole('link', { name: /new/ }).click();
  await page.waitForURL(/\/author\/[0-9a-f-]{36}$/);
});

it('fits a phone: chat above the proposal, no sideways scrolling', { timeout: 120_000 }, async () => {
  const page = await openPage({ width: 390, height: 844 });
  await startConversation(page);
  stack.llm.script(
    answer('A greeting workflow; here it is.', greeting, [], 'Phone greeting', {
      usage: { prompt_tokens: 987654, completion_tokens: 4321 },
    }),
  );
  await page
    .getByLabel('Message')
    .fill(
      'Greet everyone who starts it, with a long and very detailed message that wraps across several lines on a phone',
    );
  await page.getByRole('button', { name: 'Send' }).click();
  await proposal(page).locator('.react-flow__node', { hasText: 'Make it loud' }).waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  const chatBox = await page.getByRole('region', { name: 'Conversation' }).boundingBox();
  const proposalBox = await proposal(page).boundingBox();
  expect(proposalBox!.y).toBeGreaterThan(chatBox!.y + chatBox!.height - 1);
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'author-phone');
});
