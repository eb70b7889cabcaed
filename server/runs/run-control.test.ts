import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { callerFor } from '../../testing/caller';
import { createOwner } from '../../testing/fixtures';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

let env: RunEnvironment;
let owner: User;
let stranger: User;

beforeAll(async () => {
  env = await startRunEnvironment({ TEMPORAL_UI_URL: 'http://127.0.0.1:8233' });
  owner = env.owner;
  stranger = await createOwner(env.services.models, 'stranger@example.com');
});
afterAll(() => env?.close());

const result = (temporalWorkflowId: string) =>
  env.services.temporal.client.workflow
    .getHandle(temporalWorkflowId)
    .result()
    .catch(() => undefined);
const workflowWith = (spec: WorkflowSpec) =>
  env.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'control',
    specJson: spec,
    llmPromptVersion: null,
    status: 'active',
  });

const waitThenGreet: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [
    { id: 'wait', type: 'delay', name: 'Wait', config: { seconds: 600 } },
    {
      id: 'greet',
      type: 'transform',
      name: 'Greet',
      config: { fields: [{ name: 'hello', value: '{{ trigger.name }}' }] },
    },
  ],
  edges: [['wait', 'greet']],
};

describe('runs', () => {
  it('starts a run, returns it with its tasks and a link to the Temporal Web UI, and cancels it', async () => {
    const workflow = await workflowWith(waitThenGreet);
    const caller = callerFor(env.services, owner);
    const run = await caller.runs.start({ workflowId: workflow.id, input: { name: 'Ada' } });
    expect(run).toMatchObject({
      workflowName: 'control',
      trigger: 'manual',
      status: 'pending',
      input: { name: 'Ada' },
      temporalUrl: `http://127.0.0.1:8233/namespaces/default/workflows/run-${run.id}`,
    });
    await waitUntil('the wait to begin', async () =>
      (await caller.runs.get({ runId: run.id })).tasks.some((t) => t.nodeId === 'wait' && t.status === 'running'),
    );

    await caller.runs.cancel({ runId: run.id });
    await result(`run-${run.id}`);
    const after = await caller.runs.get({ runId: run.id });
    expect(after.status).toBe('cancelled');
    expect(after.spec).toEqual(waitThenGreet);
    expect(after.tasks.map((t) => [t.nodeId, t.status]).sort()).toEqual([
      ['greet', 'cancelled'],
      ['wait', 'cancelled'],
    ]);
    await expect(caller.runs.cancel({ runId: run.id })).rejects.toThrow(/already ended/);
  });

  it('streams live updates of a run until it ends', async () => {
    const workflow = await workflowWith({
      trigger: { type: 'manual' },
      nodes: [{ id: 'nap', type: 'delay', name: 'Nap', config: { seconds: 1 } }],
      edges: [],
    });
    const caller = callerFor(env.services, owner);
    const run = await caller.runs.start({ workflowId: workflow.id, input: {} });
    const seen: string[] = [];
    for await (const snapshot of await caller.runs.watch({ runId: run.id }))
      seen.push(`${snapshot.status}:${snapshot.tasks.map((t) => t.status).join(',')}`);
    expect(seen.at(-1)).toBe('success:success');
    expect(seen).toContain('running:running');
    expect(new Set(seen).size).toBe(seen.length);
    await expect(
      (async () => {
        for await (const _ of await callerFor(env.services, stranger).runs.watch({ runId: run.id })) break;
      })(),
    ).rejects.toThrow(/No such run/);
  });

  it('re-runs with the same input, on the original spec or the current one', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'say',
          type: 'transform',
          name: 'Say',
          config: { fields: [{ name: 'v', value: 'one {{ trigger.n }}' }] },
        },
      ],
      edges: [],
    };
    const workflow = await workflowWith(spec);
    const caller = callerFor(env.services, owner);
    const first = await caller.runs.start({ workflowId: workflow.id, input: { n: 7 } });
    await result(`run-${first.id}`);
    await caller.workflows.updateSpec({
      workflowId: workflow.id,
      spec: {
        ...spec,
        nodes: [{ ...spec.nodes[0], config: { fields: [{ name: 'v', value: 'two {{ trigger.n }}' }] } }],
      },
    });

    const output = async (runId: string) => {
      await result(`run-${runId}`);
      return (await caller.runs.get({ runId })).tasks[0]!.logs;
    };
    const original = await caller.runs.rerun({ runId: first.id, spec: 'original' });
    expect(original).toMatchObject({ trigger: 'rerun', workflowName: 'control' });
    const current = await caller.runs.rerun({ runId: first.id, spec: 'current' });
    expect(await output(original.id)).toMatchObject({ output: { v: 'one 7' } });
    expect(await output(current.id)).toMatchObject({ output: { v: 'two 7' } });
  });

  it('delivers an approval decision to the waiting node and follows its branch', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'ask',
          type: 'approval',
          name: 'Ask the boss',
          config: { message: 'Pay {{ trigger.amount }} EUR?', timeoutMinutes: 60, onTimeout: 'reject' },
        },
        {
          id: 'pay',
          type: 'transform',
          name: 'Pay',
          config: { fields: [{ name: 'paid', value: '{{ trigger.amount }}' }] },
        },
        { id: 'refuse', type: 'transform', name: 'Refuse', config: { fields: [{ name: 'refused', value: 'yes' }] } },
      ],
      edges: [
        ['ask', 'pay'],
        ['ask', 'refuse', 'rejected'],
      ],
    };
    const workflow = await workflowWith(spec);
    const caller = callerFor(env.services, owner);
    const run = await caller.runs.start({ workflowId: workflow.id, input: { amount: 120 } });
    await expect(caller.runs.decideApproval({ runId: run.id, nodeId: 'pay', decision: 'approved' })).rejects.toThrow(
      /no approval node "pay"/,
    );
    await waitUntil('the approval to wait', async () =>
      (await caller.runs.get({ runId: run.id })).tasks.some((t) => t.nodeId === 'ask' && t.status === 'running'),
    );
    const waiting = (await caller.runs.get({ runId: run.id })).tasks.find((t) => t.nodeId === 'ask')!;
    expect(waiting.logs).toMatchObject({ output: { question: 'Pay 120 EUR?' } });

    await expect(
      callerFor(env.services, stranger).runs.decideApproval({ runId: run.id, nodeId: 'ask', decision: 'approved' }),
    ).rejects.toThrow(/No such run/);
    await caller.runs.decideApproval({ runId: run.id, nodeId: 'ask', decision: 'approved', comment: 'fine' });
    await result(`run-${run.id}`);
    const done = await caller.runs.get({ runId: run.id });
    expect(done.status).toBe('success');
    expect(Object.fromEntries(done.tasks.map((t) => [t.nodeId, t.status]))).toEqual({
      ask: 'success',
      pay: 'success',
      refuse: 'skipped',
    });
    expect(done.tasks.find((t) => t.nodeId === 'ask')!.logs).toMatchObject({
      output: { decision: 'approved', decidedBy: 'owner@example.com', comment: 'fine', timedOut: false },
    });
    await expect(caller.runs.decideApproval({ runId: run.id, nodeId: 'ask', decision: 'rejected' })).rejects.toThrow(
      /not waiting/,
    );
  });

  it("hides other people's runs and workflows", async () => {
    const workflow = await workflowWith(waitThenGreet);
    const other = callerFor(env.services, stranger);
    await expect(other.runs.start({ workflowId: workflow.id, input: {} })).rejects.toThrow(/No such workflow/);
    const run = await callerFor(env.services, owner).runs.start({ workflowId: workflow.id, input: {} });
    await expect(other.runs.get({ runId: run.id })).rejects.toThrow(/No such run/);
    await expect(other.runs.cancel({ runId: run.id })).rejects.toThrow(/No such run/);
    await callerFor(env.services, owner).runs.cancel({ runId: run.id });
    await result(`run-${run.id}`);
  });

  it('refuses to start a run of a spec with problems, listing them', async () => {
    const workflow = await workflowWith({
      ...waitThenGreet,
      edges: [
        ['wait', 'greet'],
        ['greet', 'wait'],
      ],
    } as WorkflowSpec);
    const error = await callerFor(env.services, owner)
      .runs.start({ workflowId: workflow.id, input: {} })
      .catch((e) => e);
    expect(error.message).toMatch(/problem/);
    expect(await env.services.models.WorkflowRun.count({ where: { workflowId: workflow.id } })).toBe(0);
  });
});
