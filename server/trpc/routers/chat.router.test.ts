import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppServices } from '../../app-services';
import type { User } from '../../../core/db/models';
import { callerFor } from '../../../testing/caller';
import { startOpenAiServer, type FakeOpenAiServer } from '../../../testing/fakes/openai.fake';
import { startRunEnvironment, type RunEnvironment } from '../../../testing/run-environment';
import { createOwner } from '../../../testing/fixtures';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { currentPrompt } from '../../authoring/prompts';

let env: RunEnvironment;
let services: AppServices;
let llm: FakeOpenAiServer;
let owner: User;
let stranger: User;

const spec = (greeting: string): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'greet',
      type: 'transform',
      name: 'Greet',
      config: { fields: [{ name: 'text', value: `${greeting} {{ trigger.name }}` }] },
    },
  ],
  edges: [],
});
const answer = (reply: string, s: WorkflowSpec | null) => ({
  content: JSON.stringify({ reply, questions: [], name: 'Greeter', spec: s }),
});

beforeAll(async () => {
  llm = await startOpenAiServer();
  // With a worker: each valid proposal is tested on Temporal (decision 0011).
  env = await startRunEnvironment({ OPENAI_API_KEY: 'sk-router', OPENAI_BASE_URL: `${llm.url}/v1` });
  ({ services, owner } = env);
  stranger = await createOwner(services.models, 'stranger@example.com');
});
afterAll(async () => {
  await llm?.close();
  await env?.close();
});

async function send(user: User, conversationId: string, text: string) {
  const events = [];
  for await (const event of await callerFor(services, user).chat.send({ conversationId, text })) events.push(event);
  return events;
}

it('streams a turn, shows the proposal as a diff, accepts it, and keeps every version restorable', async () => {
  const caller = callerFor(services, owner);
  const { conversationId } = await caller.chat.start({});
  llm.script(answer('A greeter that says hello.', spec('Hello')));
  const events = await send(owner, conversationId, 'Greet people by name');
  expect(events[0]).toMatchObject({ type: 'stored', message: { role: 'user', content: 'Greet people by name' } });
  expect(
    events
      .filter((e) => e.type === 'delta')
      .map((e) => (e as { text: string }).text)
      .join(''),
  ).toBe('A greeter that says hello.');
  const done = events.at(-1)!;
  expect(done).toMatchObject({
    type: 'done',
    message: {
      proposalStatus: 'proposed',
      promptVersion: currentPrompt.id,
      diff: { nodesAdded: [{ id: 'greet', type: 'transform' }] },
      replyWarnings: [],
    },
  });

  const { workflowId, llmPromptVersion } = await caller.chat.accept({
    messageId: (done as { message: { id: string } }).message.id,
  });
  expect(llmPromptVersion).toBe(currentPrompt.id);

  const edit = await caller.chat.start({ workflowId });
  llm.script(answer('Now it says hi.', spec('Hi')));
  const editDone = (await send(owner, edit.conversationId, 'say hi instead')).at(-1) as {
    message: { id: string; diff: unknown };
  };
  expect(editDone.message.diff).toMatchObject({
    nodesChanged: [{ id: 'greet', fields: ['config.fields'] }],
    nodesAdded: [],
    nodesRemoved: [],
  });
  await caller.chat.accept({ messageId: editDone.message.id });

  const history = await caller.chat.messages({ conversationId: edit.conversationId });
  expect(history.messages.map((m) => [m.role, m.proposalStatus])).toEqual([
    ['user', null],
    ['assistant', 'accepted'],
  ]);
  expect((await caller.workflows.versions({ workflowId })).map((v) => [v.version, v.source])).toEqual([
    [2, 'chat'],
    [1, 'chat'],
  ]);
  await caller.workflows.restoreVersion({ workflowId, version: 1 });
  const versions = await caller.workflows.versions({ workflowId });
  expect(versions[0]).toMatchObject({ version: 3, source: 'restore', specJson: spec('Hello') });
});

it('says where the reply claims a change the proposal does not make', async () => {
  const { conversationId } = await callerFor(services, owner).chat.start({});
  llm.script(answer('A greeter; I also added an approval step before it.', spec('Hello')));
  const done = (await send(owner, conversationId, 'Greet people, with approval')).at(-1);
  const warning = 'The reply says an approval step was added, but the proposal has no approval node.';
  expect(done).toMatchObject({ type: 'done', message: { proposalStatus: 'proposed', replyWarnings: [warning] } });
  const { messages } = await callerFor(services, owner).chat.messages({ conversationId });
  expect(messages.map((m) => m.replyWarnings)).toEqual([[], [warning]]);
});

it('keeps conversations private', async () => {
  const { conversationId } = await callerFor(services, owner).chat.start({});
  const other = callerFor(services, stranger);
  await expect(other.chat.messages({ conversationId })).rejects.toThrow(/No such conversation/);
  await expect(send(stranger, conversationId, 'hi')).rejects.toThrow(/No such conversation/);
  expect(await services.models.ChatMessage.count({ where: { conversationId } })).toBe(0);
  await expect(callerFor(services, null).chat.start({})).rejects.toThrow(/not signed in/);
});

it('refuses an empty message before calling the model', async () => {
  const { conversationId } = await callerFor(services, owner).chat.start({});
  const before = llm.requests.length;
  await expect(send(owner, conversationId, '   ')).rejects.toThrow(/too_small|at least 1/i);
  expect(llm.requests.length).toBe(before);
  expect(await services.models.ChatMessage.count({ where: { conversationId } })).toBe(0);
});
