import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../app-services';
import type { User } from '../../core/db/models';
import { startOpenAiServer, type FakeOpenAiServer } from '../../testing/fakes/openai.fake';
import { createConnector, createOwner } from '../../testing/fixtures';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import { getTestPreview } from '../runs/test-preview.service';
import { callerFor } from '../../testing/caller';
import { diffSpecs } from '../../core/spec/spec-diff';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { acceptProposal, discardProposal, sendMessage, startConversation } from './chat.service';
import { createWorkflow } from '../workflows/workflows.service';

let env: RunEnvironment;
let services: AppServices;
let llm: FakeOpenAiServer;
let owner: User;
let smtpId: string;
let foreignId: string;

const answer = (
  reply: string,
  spec: WorkflowSpec | null,
  questions: string[] = [],
  name: string | null = 'Invoice digest',
) => ({ content: JSON.stringify({ reply, questions, name, spec }) });
const digest = (to: string, cron = '0 9 * * 1-5'): WorkflowSpec => ({
  trigger: { type: 'cron', cron },
  nodes: [
    {
      id: 'fetch',
      type: 'http_request',
      name: 'Fetch invoices',
      config: {
        method: 'GET',
        url: 'https://billing.example.com/invoices?status=open',
        headers: [],
        timeoutSeconds: 30,
      },
    },
    {
      id: 'mail',
      type: 'send_email',
      name: 'Email finance',
      config: {
        connectorId: smtpId,
        to: [to],
        cc: [],
        subject: '{{ length(nodes.fetch.body) }} open invoices',
        text: '{{ json(nodes.fetch.body) }}',
      },
    },
  ],
  edges: [['fetch', 'mail']],
});

beforeAll(async () => {
  llm = await startOpenAiServer({ apiKey: 'sk-test-authoring' });
  // With a worker: proposals for a saved workflow are tested on Temporal.
  env = await startRunEnvironment({
    OPENAI_API_KEY: 'sk-test-authoring',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    LLM_MODEL: 'gpt-test',
  });
  ({ services, owner } = env);
  const other = await createOwner(services.models, 'other@example.com');
  const key = services.config.APP_ENCRYPTION_KEY;
  smtpId = (
    await createConnector(
      services.models,
      key,
      owner.id,
      'smtp',
      { host: 'smtp.example.com', port: 587, secure: false, username: 'robot', from: 'robot@example.com' },
      { password: 'hunter2-smtp' },
    )
  ).id;
  foreignId = (
    await createConnector(
      services.models,
      key,
      other.id,
      'smtp',
      { host: 'smtp.example.com', port: 587, secure: false, username: null, from: 'x@example.com' },
      null,
    )
  ).id;
});
afterAll(async () => {
  await llm?.close();
  await env?.close();
});
beforeEach(() => {
  llm.requests.length = 0;
});

describe('chat authoring', () => {
  it('streams the reply, proposes a valid spec, and stores it with its prompt version, tokens and latency', async () => {
    const conversation = await startConversation(services, owner, null);
    llm.script({
      ...answer('Here is a weekday digest.', digest('finance@acme.test')),
      usage: { prompt_tokens: 1200, completion_tokens: 300 },
    });
    const deltas: string[] = [];
    const { userMessage, assistantMessage } = await sendMessage(
      services,
      owner,
      conversation.id,
      'Every weekday at 9 email open invoices to finance@acme.test',
      (e) => {
        if (e.type === 'delta') deltas.push(e.text);
      },
    );
    expect(userMessage.content).toMatch(/^Every weekday/);
    expect(deltas.join('')).toBe('Here is a weekday digest.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(assistantMessage).toMatchObject({
      proposalStatus: 'proposed',
      promptVersion: 'author-v2',
      model: 'gpt-test',
      promptTokens: 1200,
      completionTokens: 300,
      repairRounds: 0,
      error: null,
    });
    expect(assistantMessage.latencyMs).toBeGreaterThanOrEqual(0);
    expect(assistantMessage.proposedSpec).toMatchObject({ trigger: { cron: '0 9 * * 1-5' } });

    const request = llm.requests[0]!.body;
    expect(request.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { strict: true, name: 'workflow_proposal' },
    });
    expect(request.stream).toBe(true);
    const system = request.messages[0].content as string;
    expect(system).toContain(smtpId);
    expect(system).toContain('### send_email');
    // author-v2 teaches loops and error routes.
    expect(system).toContain('### for_each');
    expect(system).toContain('## Loops: for_each');
    expect(system).toContain('## When a node fails');
    // A required connector reads as a precondition, an optional one (llm, http_request) does not.
    expect(system).toMatch(/### send_email\n[^\n]* Needs a smtp connector\./);
    expect(system).toMatch(/### llm\n[^\n]* May use a openai connector \(connectorId\)\./);
    expect(JSON.stringify(request)).not.toContain('hunter2-smtp');

    const workflow = await acceptProposal(services, owner, assistantMessage.id);
    expect(workflow).toMatchObject({
      ownerId: owner.id,
      name: 'Invoice digest',
      status: 'draft',
      llmPromptVersion: 'author-v2',
    });
    const versions = await services.models.WorkflowVersion.findAll({ where: { workflowId: workflow.id } });
    expect(versions.map((v) => [v.version, v.source, v.chatMessageId])).toEqual([[1, 'chat', assistantMessage.id]]);
    await expect(acceptProposal(services, owner, assistantMessage.id)).rejects.toThrow(/no open proposal/);
  });

  it.each([
    ['a cycle', (s: any) => s.edges.push(['mail', 'fetch']), /cycle/],
    ['an unknown node type', (s: any) => (s.nodes[0].type = 'fetch_invoices'), /unknown node type/],
    ['a foreign connector', (s: any) => (s.nodes[1].config.connectorId = foreignId), /no connector of yours/],
  ])('sends %s back to the model and takes the repaired spec', async (_, breakIt, problem) => {
    const conversation = await startConversation(services, owner, null);
    const broken = structuredClone(digest('finance@acme.test'));
    breakIt(broken);
    llm.script(answer('Draft.', broken), answer('Fixed.', digest('finance@acme.test')));
    const repairs: unknown[] = [];
    const { assistantMessage } = await sendMessage(
      services,
      owner,
      conversation.id,
      'weekday digest to finance@acme.test',
      (e) => e.type === 'repair' && repairs.push(e),
    );
    expect(assistantMessage).toMatchObject({ proposalStatus: 'proposed', repairRounds: 1, content: 'Fixed.' });
    expect(repairs).toHaveLength(1);
    const repairRequest = llm.requests[1]!.body.messages.at(-1).content as string;
    expect(repairRequest).toMatch(problem);
  });

  it('refuses a spec that stays invalid, with readable problems, and saves nothing', async () => {
    const conversation = await startConversation(services, owner, null);
    const broken = { ...digest('finance@acme.test'), edges: [['fetch', 'ghost']] } as unknown as WorkflowSpec;
    llm.script(answer('a', broken), answer('b', broken), answer('c', broken));
    const { assistantMessage } = await sendMessage(services, owner, conversation.id, 'digest');
    expect(assistantMessage).toMatchObject({ proposalStatus: 'invalid', repairRounds: 2 });
    expect(assistantMessage.content).toMatch(
      /could not produce a valid workflow[\s\S]*edges\.0: edge fetch → ghost names unknown node "ghost"/,
    );
    await expect(acceptProposal(services, owner, assistantMessage.id)).rejects.toThrow(/not valid/);
    // Only the workflow the first test accepted: proposals' hidden rows are no workflows (decision 0011).
    expect(
      await services.models.Workflow.count({ where: { ownerId: owner.id, status: ['draft', 'active', 'archived'] } }),
    ).toBe(1);
  });

  it('relays a question, and the answer to it leads to a spec', async () => {
    const conversation = await startConversation(services, owner, null);
    llm.script(answer('Who should receive it?', null, ['Which address should the digest go to?']));
    const first = await sendMessage(services, owner, conversation.id, 'Email me the open invoices every weekday');
    expect(first.assistantMessage).toMatchObject({
      questions: ['Which address should the digest go to?'],
      proposalStatus: null,
      proposedSpec: null,
    });

    llm.script(answer('Done.', digest('ap@acme.test')));
    const second = await sendMessage(services, owner, conversation.id, 'ap@acme.test');
    expect(second.assistantMessage.proposalStatus).toBe('proposed');
    const sent = llm.requests[1]!.body.messages.map((m: { role: string }) => m.role);
    expect(sent).toEqual(['system', 'user', 'assistant', 'user']);
  });

  /** The digest workflow, proposed in a new conversation and accepted: a workflow to edit in chat. */
  async function acceptedDigest() {
    const conversation = await startConversation(services, owner, null);
    llm.script(answer('Here.', digest('finance@acme.test')));
    const { assistantMessage } = await sendMessage(services, owner, conversation.id, 'digest');
    return acceptProposal(services, owner, assistantMessage.id);
  }

  it('refines an existing workflow, proposing only the asked change, as version 2', async () => {
    const workflow = await acceptedDigest();

    const edit = await startConversation(services, owner, workflow.id);
    llm.script(answer('Moved to 8.', digest('finance@acme.test', '0 8 * * 1-5'), [], null));
    const { assistantMessage } = await sendMessage(services, owner, edit.id, 'make it 8 instead of 9');
    expect(llm.requests[1]!.body.messages[0].content).toContain('"cron":"0 9 * * 1-5"');
    expect(assistantMessage.error).toBeNull();
    const diff = diffSpecs(workflow.specJson, assistantMessage.proposedSpec!);
    expect(diff).toMatchObject({
      triggerChanged: { to: { cron: '0 8 * * 1-5' } },
      nodesAdded: [],
      nodesRemoved: [],
      nodesChanged: [],
      edgesAdded: [],
      newDestinations: [],
    });
    // Tested on the workflow with sample data before anyone accepts it: nothing was sent.
    const preview = await getTestPreview(services, owner, assistantMessage.testRunId!);
    expect(preview.status).toBe('success');
    expect(preview.nodes.find((n) => n.nodeId === 'mail')!.effect).toMatchObject({
      kind: 'send_email',
      to: ['finance@acme.test'],
    });
    const updated = await acceptProposal(services, owner, assistantMessage.id);
    expect(updated.id).toBe(workflow.id);
    expect(updated.name).toBe('Invoice digest');
    expect(await services.models.WorkflowVersion.count({ where: { workflowId: workflow.id } })).toBe(2);
  });

  it("tests a new workflow's proposal on a hidden workflow, which becomes the workflow when accepted", async () => {
    const conversation = await startConversation(services, owner, null);
    llm.script(answer('Here.', digest('finance@acme.test')));
    const { assistantMessage } = await sendMessage(services, owner, conversation.id, 'digest');
    const preview = await getTestPreview(services, owner, assistantMessage.testRunId!);
    expect(preview.status).toBe('success');
    await conversation.reload();
    const hidden = conversation.testWorkflowId!;
    const caller = callerFor(services, owner);
    // Not a workflow yet: no list shows it, nothing but its test runs acts on it.
    expect((await caller.workflows.list({})).items.map((w) => w.id)).not.toContain(hidden);
    await expect(caller.workflows.get({ workflowId: hidden })).rejects.toThrow(/No such workflow/);
    await expect(caller.runs.start({ workflowId: hidden })).rejects.toThrow(/No such workflow/);

    const workflow = await acceptProposal(services, owner, assistantMessage.id);
    expect(workflow).toMatchObject({ id: hidden, status: 'draft', name: 'Invoice digest' });
    expect(await services.models.WorkflowVersion.count({ where: { workflowId: hidden } })).toBe(1);
    expect((await caller.runs.list({ workflowId: hidden, tests: true })).items.map((r) => r.id)).toEqual([
      assistantMessage.testRunId,
    ]);
  });

  it('accepts a proposal as a new workflow when its hidden workflow was deleted after it was read', async () => {
    const conversation = await startConversation(services, owner, null);
    llm.script(answer('Here.', digest('finance@acme.test')));
    await sendMessage(services, owner, conversation.id, 'digest');
    await conversation.reload();
    const hidden = await services.models.Workflow.findByPk(conversation.testWorkflowId!, { rejectOnEmpty: true });
    // The test-run prune deletes it (idle past its retention) while the accept is under way.
    await services.models.Workflow.destroy({ where: { id: hidden.id } });

    const spec = digest('finance@acme.test');
    const input = { name: 'Invoice digest', description: null, spec, llmPromptVersion: null };
    const workflow = await createWorkflow(services, owner, input, { source: 'chat' }, hidden);
    expect(workflow.id).not.toBe(hidden.id);
    expect(workflow).toMatchObject({ status: 'draft', name: 'Invoice digest', ownerId: owner.id });
    expect(await services.models.WorkflowVersion.count({ where: { workflowId: workflow.id } })).toBe(1);
  });

  it('sends the failures a test run finds back to the model, and proposes the repaired spec', async () => {
    const workflow = await acceptedDigest();
    const broken = digest('finance@acme.test');
    const mail = broken.nodes[1]!;
    // Valid as a spec, but upper() of the response's status (a number) fails when it runs.
    if (mail.type === 'send_email') mail.config.subject = '{{ upper(nodes.fetch.status) }} invoices';
    const edit = await startConversation(services, owner, workflow.id);
    llm.script(answer('Shouting subject.', broken, [], null), answer('Fixed.', digest('finance@acme.test'), [], null));
    const { assistantMessage } = await sendMessage(services, owner, edit.id, 'make the subject loud');
    expect(assistantMessage.repairRounds).toBe(1);
    const repair = llm.requests[2]!.body.messages.at(-1).content as string;
    expect(repair).toContain('nodes.1.config');
    expect(repair).toContain('In a test run with sample data, "Email finance" failed: subject:');
    expect(assistantMessage.proposedSpec).toEqual(digest('finance@acme.test'));
    expect((await getTestPreview(services, owner, assistantMessage.testRunId!)).status).toBe('success');
  });

  it.each([
    [
      'a rate limit',
      [
        { httpStatus: 429, error: { message: 'slow down', type: 'rate_limit' } },
        { httpStatus: 429, error: { message: 'slow down', type: 'rate_limit' } },
      ],
      /rate-limiting/,
    ],
    ['a refusal', [{ refusal: 'I cannot help with that.' }], /declined: I cannot help/],
    ['truncated output', [{ content: '{"reply": "Here is', finishReason: 'length' as const }], /ran out of room/],
    [
      'a server error',
      [
        { httpStatus: 500, error: { message: 'boom', type: 'server_error' } },
        { httpStatus: 500, error: { message: 'boom', type: 'server_error' } },
      ],
      /answered 500/,
    ],
  ])('answers %s with a clear message and keeps the conversation', async (_, answers, message) => {
    const conversation = await startConversation(services, owner, null);
    llm.script(...(answers as Parameters<FakeOpenAiServer['script']>));
    const { userMessage, assistantMessage } = await sendMessage(services, owner, conversation.id, 'anything');
    expect(assistantMessage.error).toMatch(message);
    expect(assistantMessage.content).toMatch(message);
    expect(assistantMessage.proposedSpec).toBeNull();
    expect(await services.models.ChatMessage.count({ where: { conversationId: conversation.id } })).toBe(2);
    expect((await services.models.ChatMessage.findByPk(userMessage.id))!.content).toBe('anything');
  });

  it('answers a timeout with a clear message and keeps the conversation', async () => {
    // Same database and models, another configuration: a 1-second limit.
    const slow: AppServices = { ...services, config: { ...services.config, LLM_TIMEOUT_SECONDS: 1 } };
    const conversation = await startConversation(slow, owner, null);
    llm.script({ delayMs: 3000, then: answer('late', null) }, { delayMs: 3000, then: answer('late', null) });
    const { assistantMessage } = await sendMessage(slow, owner, conversation.id, 'anything');
    expect(assistantMessage.error).toMatch(/took too long to answer/);
    expect(await services.models.ChatMessage.count({ where: { conversationId: conversation.id } })).toBe(2);
  });

  it('asks again when the endpoint answers with something that is not JSON', async () => {
    const conversation = await startConversation(services, owner, null);
    llm.script({ content: 'Sure! Here is your workflow: ...' }, answer('Now as JSON.', digest('finance@acme.test')));
    const { assistantMessage } = await sendMessage(services, owner, conversation.id, 'digest');
    expect(assistantMessage).toMatchObject({ proposalStatus: 'proposed', repairRounds: 1 });
    expect(llm.requests[1]!.body.messages.at(-1).content).toMatch(/did not answer with JSON/);
  });

  it('asks again when the answer holds text PostgreSQL cannot store, and stores every message', async () => {
    const conversation = await startConversation(services, owner, null);
    const slip = digest('finance@acme.test');
    slip.nodes[0]!.name = 'Fetch\u0000invoices';
    llm.script(answer('Here.', slip), answer('Fixed.', digest('finance@acme.test')));
    const { assistantMessage } = await sendMessage(services, owner, conversation.id, 'digest');
    expect(assistantMessage).toMatchObject({ proposalStatus: 'proposed', repairRounds: 1 });
    expect(llm.requests.at(-1)!.body.messages.at(-1).content).toMatch(
      /spec\.nodes\.0\.name must not contain the NUL character/,
    );
    expect(await services.models.ChatMessage.count({ where: { conversationId: conversation.id } })).toBe(2);
  });

  it('discards a proposal without saving it', async () => {
    const conversation = await startConversation(services, owner, null);
    llm.script(answer('Here.', digest('finance@acme.test')));
    const { assistantMessage } = await sendMessage(services, owner, conversation.id, 'digest');
    await discardProposal(services, owner, assistantMessage.id);
    await expect(acceptProposal(services, owner, assistantMessage.id)).rejects.toThrow(/no open proposal/);
  });
});

describe('without a configured model', () => {
  it('says plainly how to configure one', async () => {
    const bare: AppServices = { ...services, config: { ...services.config, OPENAI_API_KEY: undefined } };
    const conversation = await startConversation(bare, owner, null);
    const before = llm.requests.length;
    const { assistantMessage } = await sendMessage(bare, owner, conversation.id, 'hello');
    expect(assistantMessage.content).toMatch(/No language model is configured.*OPENAI_API_KEY.*OPENAI_BASE_URL/s);
    expect(llm.requests.length).toBe(before);
  });
});
