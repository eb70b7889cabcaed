import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { runSeeders } from '../../core/db/migrator';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { fiveNodeSpec } from '../../testing/five-node-spec';
import { startLoopbackConnectors, type LoopbackConnectors } from '../../testing/loopback-connectors';
import { historyText, loadTasks, startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';

// Test runs (decision 0011) against real loopback HTTP and SMTP servers that count what reaches
// them: a test run must reach neither, and its preview must say exactly what a real run would send.

const bearerToken = 'tok_live_test_runs_5e6f';
const smtpPassword = 'smtp-pass-test-runs-1a2b';
const invoices = [
  { id: 'INV-1', amount: 150 },
  { id: 'INV-2', amount: 200 },
];

let env: RunEnvironment;
let owner: User;
let loopback: LoopbackConnectors;
let api: LoopbackConnectors['api'];
let smtp: LoopbackConnectors['smtp'];
let ids: LoopbackConnectors['ids'];

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
  loopback = await startLoopbackConnectors(env.services, owner.id, {
    answer: (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ invoices })),
    bearerToken,
    smtpPassword,
  });
  ({ api, smtp, ids } = loopback);
});
afterAll(async () => {
  await loopback?.close();
  await env?.close();
});

async function saved(spec: WorkflowSpec, user: User = owner) {
  return callerFor(env.services, user).workflows.create({ name: 'tested', spec });
}

/** Starts a test run through the API, waits for its Temporal execution, and reads its preview. */
async function testRun(user: User, input: Parameters<ReturnType<typeof callerFor>['runs']['test']>[0]) {
  const caller = callerFor(env.services, user);
  const run = await caller.runs.test(input);
  const handle = env.services.temporal.client.workflow.getHandle(`test-${run.id}`);
  await handle.result().catch(() => undefined);
  return { run, handle, preview: await caller.runs.preview({ runId: run.id }) };
}

/** What has reached the loopback servers so far: a test run must add nothing. */
const reachedOutside = () => ({ requests: api.requests.length, emails: smtp.messages.length });

describe('test runs', () => {
  it('run the 5-node spec on Temporal without a request or an email leaving, and preview them exactly', async () => {
    const workflow = await saved(fiveNodeSpec(ids, '/invoices?status=open'));
    const before = reachedOutside();
    const { run, handle, preview } = await testRun(owner, {
      workflowId: workflow.id,
      input: { recipient: 'finance@acme.test' },
    });
    expect(reachedOutside()).toEqual(before);
    expect(run.trigger).toBe('test');
    expect(preview.status).toBe('success');
    const byNode = Object.fromEntries(preview.nodes.map((n) => [n.nodeId, n]));
    // The request a real run would send: the connector's base URL joined, its credentials hidden.
    expect(byNode.fetch!.effect).toEqual({
      kind: 'http_request',
      method: 'GET',
      url: `${api.url}/api/invoices?status=open`,
      headers: { authorization: '(secret, from the connector)' },
      body: null,
    });
    expect(byNode.fetch!.sample).toEqual({ source: 'derived' });
    // The derived answer has a list of invoices, so the condition took a branch and the email rendered.
    expect(byNode.check!.branch).toBe('true');
    expect(byNode.all_clear!.status).toBe('skipped');
    expect(byNode.notify!.effect).toMatchObject({
      kind: 'send_email',
      from: 'robot@acme.test',
      to: ['finance@acme.test'],
      cc: [],
      subject: '2 open invoices',
    });
    expect(byNode.notify!.sample).toEqual({ source: 'simulated' });
    expect(preview.counts).toMatchObject({ requests: 1, emails: 1, prompts: 0, failedNodes: 0 });
    // Marked as a test in Temporal too, and no secret or sample in its history.
    const description = await handle.describe();
    expect(description.workflowId).toBe(`test-${run.id}`);
    expect(description.memo).toMatchObject({ trigger: 'test' });
    const history = await historyText(handle);
    expect(history).not.toContain(bearerToken);
    expect(history).not.toContain('finance@acme.test');
  });

  it('answer with the last real output when there is one, and take the approval decision given', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        ...fiveNodeSpec(ids, '/invoices').nodes.filter((n) => n.id === 'fetch'),
        {
          id: 'ask',
          type: 'approval',
          name: 'Approve the total',
          config: {
            message: 'Pay {{ length(nodes.fetch.body.invoices) }} invoices?',
            timeoutMinutes: 60,
            onTimeout: 'reject',
          },
        },
        { id: 'wait', type: 'delay', name: 'Wait an hour', config: { seconds: 3600 } },
        {
          id: 'paid',
          type: 'transform',
          name: 'Paid',
          config: { fields: [{ name: 'ids', value: '{{ pluck(nodes.fetch.body.invoices, "id") }}' }] },
        },
      ],
      edges: [
        ['fetch', 'ask'],
        ['ask', 'wait', 'approved'],
        ['wait', 'paid'],
      ],
    };
    const workflow = await saved(spec);
    await callerFor(env.services, owner).workflows.activate({ workflowId: workflow.id });
    const real = await callerFor(env.services, owner).runs.start({ workflowId: workflow.id });
    // The real run calls the API once and then waits for a person.
    await env.services.temporal.client.workflow
      .getHandle(`run-${real.id}`)
      .signal('approval', { nodeId: 'ask', decision: 'rejected', decidedBy: owner.email, comment: null });
    await env.services.temporal.client.workflow
      .getHandle(`run-${real.id}`)
      .result()
      .catch(() => undefined);
    expect(api.requests).toHaveLength(1);

    const { preview, run } = await testRun(owner, { workflowId: workflow.id, approvals: { ask: 'approved' } });
    expect(api.requests).toHaveLength(1);
    const byNode = Object.fromEntries(preview.nodes.map((n) => [n.nodeId, n]));
    expect(byNode.fetch!.sample).toEqual({ source: 'last_run', fromRunId: real.id });
    expect(byNode.ask!.effect).toEqual({ kind: 'approval', question: 'Pay 2 invoices?', decision: 'approved' });
    expect(byNode.ask!.branch).toBe('approved');
    // In the order they ran: each has started, the delay and approval included.
    expect(preview.nodes.map((n) => n.nodeId)).toEqual(['fetch', 'ask', 'wait', 'paid']);
    expect(byNode.wait!.effect).toEqual({ kind: 'delay', seconds: 3600 });
    const { logs } = await loadTasks(env.services, run.id);
    expect(logs('paid').output).toEqual({ ids: ['INV-1', 'INV-2'] });
  });

  it('use a pinned output in test runs only: a real run ignores it', async () => {
    const workflow = await saved(fiveNodeSpec(ids, '/invoices'));
    const caller = callerFor(env.services, owner);
    await caller.workflows.pin({
      workflowId: workflow.id,
      nodeId: 'fetch',
      output: { status: 200, headers: {}, body: { invoices: [{ id: 'PIN-1', amount: 5 }] } },
    });
    const tested = await testRun(owner, { workflowId: workflow.id, input: { recipient: 'a@acme.test' } });
    expect((await loadTasks(env.services, tested.run.id)).logs('summarise').output).toEqual({ count: 1, total: 5 });
    expect(tested.preview.nodes.find((n) => n.nodeId === 'fetch')!.sample).toEqual({ source: 'pinned' });

    const requestsBefore = api.requests.length;
    await caller.workflows.activate({ workflowId: workflow.id });
    const real = await caller.runs.start({ workflowId: workflow.id, input: { recipient: 'a@acme.test' } });
    await env.services.temporal.client.workflow.getHandle(`run-${real.id}`).result();
    expect(api.requests.length).toBe(requestsBefore + 1);
    expect((await loadTasks(env.services, real.id)).logs('summarise').output).toEqual({ count: 2, total: 350 });
  });

  it("run loops for real, previewing each item's email", async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        ...fiveNodeSpec(ids, '/invoices').nodes.filter((n) => n.id === 'fetch'),
        {
          id: 'each',
          type: 'for_each',
          name: 'Each invoice',
          config: { items: '{{ nodes.fetch.body.invoices }}', concurrency: 1, onItemError: 'stop', maxItems: 100 },
        },
        {
          id: 'mail',
          type: 'send_email',
          name: 'Remind',
          loop: 'each',
          config: {
            connectorId: ids.smtp,
            to: ['billing@acme.test'],
            cc: [],
            subject: 'Invoice {{ item.id }}',
            text: '{{ item.amount }}',
          },
        },
      ],
      edges: [['fetch', 'each']],
    };
    const workflow = await saved(spec);
    await callerFor(env.services, owner).workflows.pin({
      workflowId: workflow.id,
      nodeId: 'fetch',
      output: { status: 200, headers: {}, body: { invoices } },
    });
    const before = reachedOutside();
    const { preview } = await testRun(owner, { workflowId: workflow.id });
    expect(reachedOutside()).toEqual(before);
    expect(preview.status).toBe('success');
    const mails = preview.nodes.filter((n) => n.nodeId === 'mail');
    expect(mails.map((n) => [n.key, n.effect && 'subject' in n.effect ? n.effect.subject : null])).toEqual([
      ['mail[0]', 'Invoice INV-1'],
      ['mail[1]', 'Invoice INV-2'],
    ]);
    expect(preview.counts.emails).toBe(2);
  });

  it('keep pins on a new version for the nodes it keeps, and drop the rest', async () => {
    const caller = callerFor(env.services, owner);
    const workflow = await saved(fiveNodeSpec(ids, '/invoices'));
    const pinned = { status: 200, headers: {}, body: { invoices: [] } };
    await caller.workflows.pin({ workflowId: workflow.id, nodeId: 'fetch', output: pinned });
    await caller.workflows.pin({
      workflowId: workflow.id,
      nodeId: 'notify',
      output: { messageId: '<m@x>', accepted: ['a@acme.test'] },
    });
    const withoutMail = fiveNodeSpec(ids, '/invoices?status=open');
    withoutMail.nodes = withoutMail.nodes.filter((n) => n.id !== 'notify');
    withoutMail.edges = withoutMail.edges.filter(([, to]) => to !== 'notify');
    await caller.workflows.updateSpec({ workflowId: workflow.id, spec: withoutMail });
    expect(await caller.workflows.pins({ workflowId: workflow.id })).toEqual({ version: 2, pins: { fetch: pinned } });
  });

  it('fail a node whose pinned answer is an error, at once, still reporting the request', async () => {
    const workflow = await saved(fiveNodeSpec(ids, '/invoices'));
    await callerFor(env.services, owner).workflows.pin({
      workflowId: workflow.id,
      nodeId: 'fetch',
      output: { status: 404, headers: {}, body: 'gone' },
    });
    const { preview } = await testRun(owner, { workflowId: workflow.id });
    const fetch = preview.nodes.find((n) => n.nodeId === 'fetch')!;
    expect(fetch).toMatchObject({ status: 'failed', errorType: 'HttpClientError', sample: { source: 'pinned' } });
    expect(fetch.error).toBe(`HTTP 404 from ${api.url}/api/invoices`);
    expect(fetch.effect).toMatchObject({ kind: 'http_request', url: `${api.url}/api/invoices` });
    expect(preview.counts.failedNodes).toBe(1);
  });

  it('test a proposed spec, not only the saved one, and report templates that render empty', async () => {
    const workflow = await saved(fiveNodeSpec(ids, '/invoices'));
    const proposal = fiveNodeSpec(ids, '/invoices');
    const notify = proposal.nodes.find((n) => n.id === 'notify')!;
    if (notify.type === 'send_email') notify.config.subject = 'Open: {{ trigger.nothing_here }}';
    const before = reachedOutside();
    const { preview } = await testRun(owner, {
      workflowId: workflow.id,
      spec: proposal,
      input: { recipient: 'b@acme.test' },
    });
    expect(reachedOutside()).toEqual(before);
    const mail = preview.nodes.find((n) => n.nodeId === 'notify')!;
    expect(mail.emptyTemplates).toEqual(['subject: {{ trigger.nothing_here }}']);
    expect(preview.counts.emptyTemplateNodes).toBe(1);
  });

  it('are listed apart from real runs, and cannot be re-run or resumed as real runs', async () => {
    const workflow = await saved(fiveNodeSpec(ids, '/invoices'));
    const caller = callerFor(env.services, owner);
    const { run } = await testRun(owner, { workflowId: workflow.id, input: { recipient: 'c@acme.test' } });
    const real = await caller.runs.list({ workflowId: workflow.id });
    const tests = await caller.runs.list({ workflowId: workflow.id, tests: true });
    expect(real.items.map((r) => r.id)).not.toContain(run.id);
    expect(tests.items.map((r) => r.id)).toEqual([run.id]);
    await expect(caller.runs.rerun({ runId: run.id })).rejects.toThrow(/test run cannot be re-run/);
    await expect(caller.runs.preview({ runId: (await caller.runs.list({})).items[0]!.id })).rejects.toThrow(
      /real run, not a test run/,
    );
  });

  it('refuse decisions for nodes that are not approvals, and pins on nodes that run for real', async () => {
    const workflow = await saved(fiveNodeSpec(ids, '/invoices'));
    const caller = callerFor(env.services, owner);
    await expect(caller.runs.test({ workflowId: workflow.id, approvals: { check: 'approved' } })).rejects.toThrow(
      /"check", which is not an approval node/,
    );
    await expect(caller.workflows.pin({ workflowId: workflow.id, nodeId: 'summarise', output: {} })).rejects.toThrow(
      /runs for real in test runs/,
    );
    await expect(
      caller.workflows.pin({ workflowId: workflow.id, nodeId: 'fetch', output: { body: [] } }),
    ).rejects.toThrow(/shape a http_request node outputs: status/);
  });
});

describe('a test run of the seeded sample workflow', () => {
  it('previews the call to the sample API without making it', async () => {
    await runSeeders(env.services.sequelize);
    // The seed's admin and its one workflow, as `npm run db:seed` leaves them.
    const admin = await env.services.models.User.findOne({
      where: { email: 'admin@example.com' },
      rejectOnEmpty: true,
    });
    const workflow = await env.services.models.Workflow.findOne({ where: { ownerId: admin.id }, rejectOnEmpty: true });
    const { preview } = await testRun(admin, { workflowId: workflow.id });
    expect(preview.status).toBe('success');
    expect(preview.nodes.map((n) => [n.nodeId, n.status])).toEqual([
      ['fetch_todos', 'success'],
      ['count_open', 'success'],
    ]);
    expect(preview.nodes[0]!.effect).toEqual({
      kind: 'http_request',
      method: 'GET',
      url: 'https://jsonplaceholder.typicode.com/todos?completed=false',
      headers: { accept: 'application/json' },
      body: null,
    });
    expect(preview.counts).toMatchObject({ requests: 1, emails: 0 });
  });
});
