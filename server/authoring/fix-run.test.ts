import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { startOpenAiServer, type FakeOpenAiServer } from '../../testing/fakes/openai.fake';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import { acceptProposal, sendMessage } from './chat.service';

// "Fix in chat": a failed run's failure goes to the model, whose proposal (scripted here, through
// the real OpenAI client against a local server speaking its protocol) is tested, accepted, and
// then makes a re-run succeed.

let env: RunEnvironment;
let llm: FakeOpenAiServer;
let api: HttpTestServer;
let owner: User;

beforeAll(async () => {
  llm = await startOpenAiServer({ apiKey: 'sk-test-fix' });
  api = await startHttpTestServer((req, res) =>
    req.url === '/v2/orders'
      ? res.writeHead(200, { 'content-type': 'application/json' }).end('{"orders":[{"id":1}]}')
      : res.writeHead(404).end('no such path'),
  );
  env = await startRunEnvironment({
    OPENAI_API_KEY: 'sk-test-fix',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    LLM_MODEL: 'gpt-test',
  });
  owner = env.owner;
});
afterAll(async () => {
  await llm?.close();
  await api?.close();
  await env?.close();
});

const orders = (path: string): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'fetch',
      type: 'http_request',
      name: 'Fetch orders',
      config: { method: 'GET', url: `${api.url}${path}`, headers: [], timeoutSeconds: 10 },
    },
    {
      id: 'count',
      type: 'transform',
      name: 'Count orders',
      config: { fields: [{ name: 'n', value: '{{ length(nodes.fetch.body.orders) }}' }] },
    },
  ],
  edges: [['fetch', 'count']],
});

it('explains a failed run from its failure and proposes a fix that makes the re-run succeed', async () => {
  const caller = callerFor(env.services, owner);
  const workflow = await caller.workflows.create({ name: 'Orders', spec: orders('/v1/orders') });
  await caller.workflows.activate({ workflowId: workflow.id });
  const failed = await caller.runs.start({ workflowId: workflow.id, input: { shop: 'north' } });
  await env.services.temporal.client.workflow
    .getHandle(`run-${failed.id}`)
    .result()
    .catch(() => undefined);
  expect((await caller.runs.get({ runId: failed.id })).status).toBe('failed');

  const fix = await caller.chat.fixRun({ runId: failed.id });
  expect(fix.workflowId).toBe(workflow.id);
  expect(fix.message).toContain('Failed node: "Fetch orders" (id fetch, http_request) after 1 attempt(s).');
  expect(fix.message).toContain(`Error (HttpClientError): HTTP 404 from ${api.url}/v1/orders`);
  expect(fix.message).toContain('- trigger: {"shop":"north"}');

  llm.script({
    content: JSON.stringify({
      reply: 'The API answers 404 at /v1/orders: it moved to /v2/orders. I changed the URL.',
      questions: [],
      name: null,
      spec: orders('/v2/orders'),
    }),
  });
  const { assistantMessage } = await sendMessage(env.services, owner, fix.conversationId, fix.message);
  // The model was told the failure, as the person sent it.
  expect(llm.requests.at(-1)!.body.messages.at(-1).content).toBe(fix.message);
  expect(assistantMessage.promptVersion).toBe('author-v2');
  expect(assistantMessage.testRunId).not.toBeNull();
  const requestsBefore = api.requests.length;
  expect((await caller.runs.preview({ runId: assistantMessage.testRunId! })).status).toBe('success');
  expect(api.requests.length).toBe(requestsBefore);

  await acceptProposal(env.services, owner, assistantMessage.id);
  const again = await caller.runs.rerun({ runId: failed.id });
  await env.services.temporal.client.workflow.getHandle(`run-${again.id}`).result();
  const run = await caller.runs.get({ runId: again.id });
  expect(run.status).toBe('success');
  expect(run.tasks.find((t) => t.nodeId === 'count')!.logs).toMatchObject({ output: { n: 1 } });
});

it('refuses a run that did not fail', async () => {
  const caller = callerFor(env.services, owner);
  const workflow = await caller.workflows.create({ name: 'Fine', spec: orders('/v2/orders') });
  await caller.workflows.activate({ workflowId: workflow.id });
  const run = await caller.runs.start({ workflowId: workflow.id });
  await env.services.temporal.client.workflow.getHandle(`run-${run.id}`).result();
  await expect(caller.chat.fixRun({ runId: run.id })).rejects.toThrow(/Only a failed run can be fixed in chat/);
});
