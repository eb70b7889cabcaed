import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User, Workflow } from '../../core/db/models';
import { MAX_JSON_DEPTH } from '../../core/db/storable';
import { encryptSecret, secretAad } from '../../core/secrets/secret-box';
import { callerFor } from '../../testing/caller';
import { collectLogs } from '../../testing/collect-logs';
import { postWebhook } from '../../testing/webhook-delivery';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { runTemporalWorkflowId } from '../../core/run/temporal-links';
import { MAX_RESULT_OUTPUT_CHARS } from '../runs/run-result.service';

let env: RunEnvironment;
let owner: User;
let workflow: Workflow;
let secret: string;

const spec: WorkflowSpec = {
  trigger: { type: 'webhook' },
  nodes: [
    {
      id: 'echo',
      type: 'transform',
      name: 'Echo',
      config: { fields: [{ name: 'customer', value: '{{ trigger.customer }}' }] },
    },
  ],
  edges: [],
};

beforeAll(async () => {
  env = await startRunEnvironment({}, { http: true });
  owner = env.owner;
  workflow = await env.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'hook',
    specJson: spec,
    llmPromptVersion: null,
    status: 'draft',
  });
  const caller = callerFor(env.services, owner);
  ({ secret } = await caller.workflows.rotateWebhookSecret({ workflowId: workflow.id }));
  await caller.workflows.activate({ workflowId: workflow.id });
});
afterAll(() => env?.close());

function deliver(
  body: string,
  {
    key = secret,
    at = Math.floor(Date.now() / 1000),
    contentType = 'application/json',
    id = workflow.id,
    signature,
    wait,
  }: { key?: string; at?: number; contentType?: string; id?: string; signature?: string; wait?: string } = {},
) {
  const query = wait === undefined ? '' : `?wait=${encodeURIComponent(wait)}`;
  return postWebhook(`${env.baseUrl}/hooks/${id}${query}`, key, body, { at, contentType, signature });
}
const runCount = () => env.services.models.WorkflowRun.count({ where: { workflowId: workflow.id } });

describe('POST /hooks/:workflowId', () => {
  it('starts a run with the JSON body as its input and answers 202 with the run id', async () => {
    const response = await deliver(JSON.stringify({ customer: 'ACME' }));
    expect(response.status).toBe(202);
    const { runId } = await response.json();
    const run = await env.services.models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true });
    await env.services.temporal.client.workflow.getHandle(run.temporalWorkflowId!).result();
    const task = await env.services.models.Task.findOne({
      where: { workflowRunId: runId, nodeId: 'echo' },
      rejectOnEmpty: true,
    });
    expect(task.logs.output).toEqual({ customer: 'ACME' });
    expect(secret).toMatch(/^whsec_/);
  });

  it.each([
    ['a wrong secret', { key: 'whsec_wrong' }, 401, /does not match/],
    ['a stale timestamp', { at: Math.floor(Date.now() / 1000) - 3600 }, 401, /from the server's clock/],
    ['no signature', { signature: '' }, 401, /send the/],
    ['a form body', { contentType: 'application/x-www-form-urlencoded' }, 415, /application\/json/],
    ['an unknown workflow', { id: '00000000-0000-4000-8000-000000000000' }, 404, /No webhook here/],
  ])('refuses %s and starts nothing', async (_, options, status, message) => {
    const before = await runCount();
    const response = await deliver(JSON.stringify({ customer: 'X' }), options);
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toMatch(message);
    expect(await runCount()).toBe(before);
  });

  it('refuses a body that is not JSON, even when correctly signed', async () => {
    const before = await runCount();
    const response = await deliver('{"customer": ');
    expect(response.status).toBe(400);
    expect(await runCount()).toBe(before);
  });

  // The same rule as runs.start's input (core/run/run-input.ts), so both starts agree.
  it.each([
    ['null', 'null', /^The body must be a JSON object, such as \{"customer": "ACME"\}\.$/],
    ['a list', '[{"customer": "X"}]', /^The body must be a JSON object/],
    ['a number', '1', /^The body must be a JSON object/],
    ['a string', '"ACME"', /^The body must be a JSON object/],
    ['a NUL in a string', '{"customer": {"name": "A\\u0000"}}', /^The body at customer\.name must not contain the NUL/],
    ['a lone surrogate in a key', '{"\\ud800": 1}', /^The body must not have a key containing an unpaired surrogate/],
    [
      '10,000 levels of nesting',
      `{"lines": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      new RegExp(
        `^The body at lines(\\.0){${MAX_JSON_DEPTH - 1}} must not nest .* more than ${MAX_JSON_DEPTH} levels deep\\.$`,
      ),
    ],
  ])(
    'refuses a body of %s with a 400 saying why, even correctly signed, and starts nothing',
    async (_, body, message) => {
      const before = await runCount();
      const response = await deliver(body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(message);
      expect(await runCount()).toBe(before);
    },
  );

  it('reads an empty body as no input, {}, as runs.start does', async () => {
    const response = await deliver('');
    expect(response.status).toBe(202);
    const run = await env.services.models.WorkflowRun.findByPk((await response.json()).runId, { rejectOnEmpty: true });
    expect(run.inputPayload).toEqual({});
  });

  it('refuses a replayed delivery', async () => {
    const body = JSON.stringify({ customer: 'once' });
    const at = Math.floor(Date.now() / 1000);
    expect((await deliver(body, { at })).status).toBe(202);
    const before = await runCount();
    const replay = await deliver(body, { at });
    expect(replay.status).toBe(409);
    expect((await replay.json()).error.message).toMatch(/already accepted/);
    expect(await runCount()).toBe(before);
  });

  it('answers a clear 500 and starts nothing when the secret cannot be decrypted with the configured keys', async () => {
    const other = await env.services.models.Workflow.create({
      ownerId: owner.id,
      name: 'orphaned keys',
      specJson: spec,
      llmPromptVersion: null,
      status: 'active',
    });
    const row = await env.services.models.Secret.create({
      ownerId: owner.id,
      name: `webhook:${other.id}`,
      encryptedPayload: 'pending',
    });
    const foreignKey = randomBytes(32).toString('base64');
    await row.update({ encryptedPayload: encryptSecret('whsec_unreadable', foreignKey, secretAad(owner.id, row.id)) });
    const { result: response, logs } = await collectLogs(() =>
      deliver('{}', { id: other.id, key: 'whsec_unreadable' }),
    );
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toMatch(
      /secret cannot be read with the server's encryption keys\. Nothing was started/,
    );
    // The operator's log names the secret, with the request's id, and never its value.
    expect(logs).toContain(`webhook:${other.id}`);
    expect(logs).toContain(response.headers.get('x-request-id')!);
    expect(logs).not.toContain('whsec_unreadable');
    expect(await env.services.models.WorkflowRun.count({ where: { workflowId: other.id } })).toBe(0);
  });

  it('refuses deliveries to an archived workflow', async () => {
    await callerFor(env.services, owner).workflows.archive({ workflowId: workflow.id });
    const before = await runCount();
    const response = await deliver(JSON.stringify({ customer: 'late' }));
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toMatch(/archived/);
    expect(await runCount()).toBe(before);
  });
});

/** An active webhook workflow of its own, and its secret. */
async function hook(name: string, hookSpec: WorkflowSpec) {
  const created = await env.services.models.Workflow.create({
    ownerId: owner.id,
    name,
    specJson: hookSpec,
    llmPromptVersion: null,
    status: 'draft',
  });
  const caller = callerFor(env.services, owner);
  const { secret: key } = await caller.workflows.rotateWebhookSecret({ workflowId: created.id });
  await caller.workflows.activate({ workflowId: created.id });
  return { id: created.id, key };
}

describe('POST /hooks/:workflowId?wait=N', () => {
  it("answers 200 with the run's status and summary once it has ended, never its outputs", async () => {
    const target = await hook('waited hook', spec);
    const response = await deliver(JSON.stringify({ customer: 'Waiting Co' }), { ...target, wait: '20' });
    const text = await response.text();
    expect(response.status).toBe(200);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ status: 'success', summary: { status: 'success', nodes: { echo: 'success' } } });
    const run = await env.services.models.WorkflowRun.findByPk(body.runId, { rejectOnEmpty: true });
    expect(run.runStatus).toBe('success');
    expect(text).not.toContain('Waiting Co');
  });

  it('answers 202 with status "running" when the run outlasts the wait', async () => {
    const target = await hook('slow hook', {
      trigger: { type: 'webhook' },
      nodes: [{ id: 'pause', type: 'delay', name: 'Pause', config: { seconds: 3 } }],
      edges: [],
    });
    const response = await deliver('{}', { ...target, wait: '1' });
    expect(response.status).toBe(202);
    const { runId, status } = await response.json();
    expect(status).toBe('running');
    await env.services.temporal.client.workflow.getHandle(runTemporalWorkflowId(runId)).result();
  });

  it.each(['0', '31', '1.5', 'soon', ''])('refuses wait=%j and starts nothing', async (wait) => {
    const target = await hook(`hook refusing wait=${wait}`, spec);
    const runs = () => env.services.models.WorkflowRun.count({ where: { workflowId: target.id } });
    const response = await deliver(JSON.stringify({ customer: 'X' }), { ...target, wait });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/wait must be a whole number of seconds from 1 to 30/);
    expect(await runs()).toBe(0);
  });
});

describe('a webhook trigger with respond "after_run"', () => {
  /** check → big (true) or small (false): the final node is the end of the branch taken. */
  const branching: WorkflowSpec = {
    trigger: { type: 'webhook', respond: 'after_run' },
    nodes: [
      { id: 'check', type: 'condition', name: 'Big?', config: { expression: 'trigger.amount > 100' } },
      { id: 'big', type: 'transform', name: 'Big', config: { fields: [{ name: 'size', value: 'big' }] } },
      {
        id: 'small',
        type: 'transform',
        name: 'Small',
        config: {
          fields: [
            { name: 'size', value: 'small' },
            { name: 'amount', value: '{{ trigger.amount }}' },
          ],
        },
      },
    ],
    edges: [
      ['check', 'big', 'true'],
      ['check', 'small', 'false'],
    ],
  };

  it("answers 200 with the output of the branch's last node once the run has ended", async () => {
    const target = await hook('responding hook', branching);
    const response = await deliver(JSON.stringify({ amount: 7 }), target);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      runId: expect.any(String),
      status: 'success',
      outputNodeId: 'small',
      output: { size: 'small', amount: 7 },
      outputTruncated: false,
      failures: [],
      error: null,
    });
  });

  it('answers 200 with status "failed", the failed node and its error when the run fails', async () => {
    const target = await hook('failing responding hook', {
      trigger: { type: 'webhook', respond: 'after_run', waitSeconds: 20 },
      nodes: [
        {
          id: 'shout',
          type: 'transform',
          name: 'Shout',
          config: { fields: [{ name: 'x', value: '{{ upper(trigger.n) }}' }] },
        },
      ],
      edges: [],
    });
    const response = await deliver(JSON.stringify({ n: 1 }), target);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'failed', outputNodeId: null, output: null });
    expect(body.failures).toEqual([{ nodeId: 'shout', error: expect.stringMatching(/upper/) }]);
  });

  it('answers 202 with the run id when the run outlasts waitSeconds', async () => {
    const target = await hook('slow responding hook', {
      trigger: { type: 'webhook', respond: 'after_run', waitSeconds: 1 },
      nodes: [{ id: 'pause', type: 'delay', name: 'Pause', config: { seconds: 3 } }],
      edges: [],
    });
    const response = await deliver('{}', target);
    expect(response.status).toBe(202);
    const { runId, status } = await response.json();
    expect(status).toBe('running');
    await env.services.temporal.client.workflow.getHandle(runTemporalWorkflowId(runId)).result();
  });

  it('cuts an output longer than the bound to a preview, and says so', async () => {
    const target = await hook('large responding hook', {
      trigger: { type: 'webhook', respond: 'after_run' },
      nodes: [
        {
          id: 'echo',
          type: 'transform',
          name: 'Echo',
          config: { fields: [{ name: 'text', value: '{{ trigger.text }}' }] },
        },
      ],
      edges: [],
    });
    const text = 'x'.repeat(MAX_RESULT_OUTPUT_CHARS + 10);
    const response = await deliver(JSON.stringify({ text }), target);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.outputTruncated).toBe(true);
    expect(body.output.preview).toHaveLength(MAX_RESULT_OUTPUT_CHARS);
    expect(body.output.preview.startsWith('{"text": "xxx')).toBe(true);
  });

  it('is refused with waitSeconds but without respond "after_run"', async () => {
    const created = await env.services.models.Workflow.create({
      ownerId: owner.id,
      name: 'misconfigured hook',
      specJson: spec,
      llmPromptVersion: null,
      status: 'draft',
    });
    const error: any = await callerFor(env.services, owner)
      .workflows.updateSpec({ workflowId: created.id, spec: { ...spec, trigger: { type: 'webhook', waitSeconds: 5 } } })
      .catch((e) => e);
    expect(error.cause.details.problems).toEqual([
      { path: 'trigger.waitSeconds', message: 'waitSeconds applies only with respond "after_run"' },
    ]);
  });
});
