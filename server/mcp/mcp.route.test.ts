import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Op } from 'sequelize';
import type { User, Workflow } from '../../core/db/models';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { startOpenAiServer, type FakeOpenAiServer } from '../../testing/fakes/openai.fake';
import { createOwner } from '../../testing/fixtures';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import { createApiToken, revokeApiToken } from '../auth/api-tokens.service';
import { toolNameFor } from './workflow-tools';

let env: RunEnvironment;
let llm: FakeOpenAiServer;
let owner: User;
let member: User;
let ownerToken: string;
let memberToken: string;
let greeter: Workflow;
let theirs: Workflow;

const greeting: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'greet',
      type: 'transform',
      name: 'Greet',
      config: { fields: [{ name: 'text', value: 'Hello {{ trigger.customer }}' }] },
    },
  ],
  edges: [],
};
const customerSchema = {
  type: 'object',
  properties: { customer: { type: 'string', minLength: 1 } },
  required: ['customer'],
  additionalProperties: false,
};

async function workflow(ownerOf: User, name: string, fields: Partial<Workflow> = {}) {
  return env.services.models.Workflow.create({
    ownerId: ownerOf.id,
    name,
    specJson: greeting,
    llmPromptVersion: null,
    status: 'active',
    agentTool: true,
    ...fields,
  });
}

/** An MCP client session, as an agent opens one: the SDK's client over real HTTP. */
async function connect(token: string) {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${env.baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

beforeAll(async () => {
  llm = await startOpenAiServer({ apiKey: 'sk-test-mcp' });
  env = await startRunEnvironment(
    { OPENAI_API_KEY: 'sk-test-mcp', OPENAI_BASE_URL: `${llm.url}/v1`, LLM_MODEL: 'gpt-test' },
    { http: true },
  );
  owner = env.owner;
  member = await createOwner(env.services.models, 'member@example.com');
  ownerToken = (await createApiToken(env.services.models, owner, { name: 'agent' })).token;
  memberToken = (await createApiToken(env.services.models, member, { name: 'agent' })).token;
  greeter = await workflow(owner, 'Greet a customer!', {
    agentInputSchema: customerSchema,
    description: 'Says hello.',
  });
  await workflow(owner, 'Not offered', { agentTool: false });
  await workflow(owner, 'Offered draft', { status: 'draft' });
  theirs = await workflow(member, 'Their greeter');
});
afterAll(async () => {
  await env?.close();
  await llm?.close();
});

describe('the MCP server at /mcp', () => {
  it("lists one tool per active workflow the caller offers agents, with its input schema, and the app's tools", async () => {
    const client = await connect(ownerToken);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [toolNameFor(greeter), 'get_run', 'list_runs', 'list_workflows', 'propose_workflow'].sort(),
    );
    const tool = tools.find((t) => t.name === toolNameFor(greeter))!;
    expect(tool.name).toMatch(/^greet_a_customer_[0-9a-f]{8}$/);
    expect(tool.inputSchema).toEqual(customerSchema);
    expect(tool.description).toContain('Says hello.');
    await client.close();
  });

  it("runs the workflow on Temporal and returns its final node's output, as an agent-started run", async () => {
    const client = await connect(ownerToken);
    const result: any = await client.callTool({ name: toolNameFor(greeter), arguments: { customer: 'ACME' } });
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({
      status: 'success',
      outputNodeId: 'greet',
      output: { text: 'Hello ACME' },
      outputTruncated: false,
    });
    expect(JSON.parse(result.content[0].text)).toEqual(result.structuredContent);
    const run = await env.services.models.WorkflowRun.findByPk(result.structuredContent.runId, { rejectOnEmpty: true });
    expect(run.runTrigger).toBe('agent');
    const audit = await env.services.models.AuditLog.findOne({ where: { action: 'run.start', resourceId: run.id } });
    expect(audit?.actorId).toBe(owner.id);
    await client.close();
  });

  it("refuses a person's eleventh call while ten wait for their runs", async () => {
    const busy = await createOwner(env.services.models, 'busy@example.com');
    const slow = await workflow(busy, 'Slow report', {
      specJson: {
        trigger: { type: 'manual' },
        nodes: [{ id: 'wait', type: 'delay', name: 'Wait', config: { seconds: 3 } }],
        edges: [],
      },
    });
    const client = await connect((await createApiToken(env.services.models, busy, { name: 'agent' })).token);
    const results: any[] = await Promise.all(
      Array.from({ length: 11 }, () => client.callTool({ name: toolNameFor(slow), arguments: {} })),
    );
    const refused = results.filter((r) => r.isError);
    expect(refused).toHaveLength(1);
    expect(refused[0].content[0].text).toMatch(/10 runs you started are already being waited for/);
    expect(results.filter((r) => r.structuredContent?.status === 'success')).toHaveLength(10);
    expect(await env.services.models.WorkflowRun.count({ where: { workflowId: slow.id } })).toBe(10);
    await client.close();
  });

  it('refuses arguments that do not match the declared schema, saying why, and starts nothing', async () => {
    const client = await connect(ownerToken);
    const before = await env.services.models.WorkflowRun.count({ where: { workflowId: greeter.id } });
    const result: any = await client.callTool({ name: toolNameFor(greeter), arguments: { client: 'ACME' } });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/^Invalid arguments: arguments must have required property 'customer'/);
    expect(await env.services.models.WorkflowRun.count({ where: { workflowId: greeter.id } })).toBe(before);
    await client.close();
  });

  it("refuses another member's workflow as an unknown tool, and their runs as missing", async () => {
    const client = await connect(memberToken);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain(toolNameFor(theirs));
    await expect(client.callTool({ name: toolNameFor(greeter), arguments: { customer: 'X' } })).rejects.toThrow(
      /Unknown tool: greet_a_customer_/,
    );
    const ownerRun = await env.services.models.WorkflowRun.findOne({ where: { workflowId: greeter.id } });
    const read: any = await client.callTool({ name: 'get_run', arguments: { runId: ownerRun!.id } });
    expect(read).toMatchObject({ isError: true, content: [{ text: 'No such run.' }] });
    const runs: any = await client.callTool({ name: 'list_runs', arguments: {} });
    expect(runs.structuredContent.items).toEqual([]);
    await client.close();
  });

  it('refuses a revoked token, and a request without one, with 401', async () => {
    const { token, apiToken } = await createApiToken(env.services.models, owner, { name: 'to revoke' });
    await (await connect(token)).close();
    await revokeApiToken(env.services.models, owner, apiToken.id);
    await expect(connect(token)).rejects.toThrow(/invalid, revoked or expired/);
    const anonymous = await fetch(`${env.baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a batch of messages, starting nothing', async () => {
    const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });
    const response = await fetch(`${env.baseUrl}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ownerToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify([call(1), call(2)]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /batches are not accepted/,
    );
  });

  it('answers GET with 405: there is no session to stream to', async () => {
    const response = await fetch(`${env.baseUrl}/mcp`, { headers: { authorization: `Bearer ${ownerToken}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('lists workflows and runs, and reads a run with its nodes', async () => {
    const client = await connect(ownerToken);
    const workflows: any = await client.callTool({ name: 'list_workflows', arguments: { status: 'active' } });
    expect(workflows.structuredContent.items).toContainEqual(
      expect.objectContaining({ id: greeter.id, tool: toolNameFor(greeter), trigger: 'manual' }),
    );
    expect(workflows.structuredContent.items).toContainEqual(
      expect.objectContaining({ name: 'Not offered', tool: null }),
    );
    const runs: any = await client.callTool({ name: 'list_runs', arguments: { workflowId: greeter.id, limit: 5 } });
    const [latest] = runs.structuredContent.items;
    expect(latest).toMatchObject({ workflowId: greeter.id, status: 'success', trigger: 'agent' });
    expect(latest).not.toHaveProperty('input');
    const run: any = await client.callTool({ name: 'get_run', arguments: { runId: latest.id } });
    expect(run.structuredContent).toMatchObject({
      id: latest.id,
      status: 'success',
      nodes: [{ nodeId: 'greet', status: 'success', attempts: 1, error: null }],
      output: { text: 'Hello ACME' },
    });
    const bad: any = await client.callTool({ name: 'list_runs', arguments: { status: 'done' } });
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toMatch(/^Invalid arguments: status: /);
    await client.close();
  });

  it("proposes a workflow into the person's chat, creating and activating nothing", async () => {
    const client = await connect(ownerToken);
    const listed = () =>
      env.services.models.Workflow.count({ where: { ownerId: owner.id, status: { [Op.ne]: 'proposal' } } });
    const before = await listed();
    llm.script({
      content: JSON.stringify({ reply: 'Here is a greeter.', questions: [], name: 'Greeter', spec: greeting }),
    });
    const result: any = await client.callTool({
      name: 'propose_workflow',
      arguments: { description: 'Greet each customer by name' },
    });
    expect(result.isError).toBe(false);
    const { conversationId, url } = result.structuredContent;
    expect(result.structuredContent).toMatchObject({ reply: 'Here is a greeter.', proposalStatus: 'proposed' });
    expect(url).toBe(`${env.services.config.PUBLIC_URL}/author/${conversationId}`);
    const conversation = await env.services.models.ChatConversation.findByPk(conversationId, { rejectOnEmpty: true });
    expect(conversation.ownerId).toBe(owner.id);
    const messages = await env.services.models.ChatMessage.findAll({
      where: { conversationId },
      order: [['createdAt', 'ASC']],
    });
    expect(messages.map((m) => [m.role, m.proposalStatus])).toEqual([
      ['user', null],
      ['assistant', 'proposed'],
    ]);
    expect(messages[0]!.content).toBe('Greet each customer by name');
    expect(await listed()).toBe(before);
    await client.close();
  });
});
