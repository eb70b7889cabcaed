import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import type { TaskLogs } from '../../core/run/task-logs';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { createOwner } from '../../testing/fixtures';
import { startHttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';

// `runs.resume` on the real interpreter: the loopback server counts the calls each node makes, so
// a node whose output was reused shows up as a call that did not happen again.

let env: RunEnvironment;
let owner: User;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
/** While true, /charge answers 404 (a failure that is not retried). */
let chargeBroken = true;

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
  api = await startHttpTestServer((req, res) => {
    if (req.url === '/charge' && chargeBroken) return res.writeHead(404).end('no such customer yet');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: req.url }));
  });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

const calls = (path: string) => api.requests.filter((r) => r.url === path).length;
const post = (id: string, path: string): SpecNode => ({
  id,
  type: 'http_request',
  name: id,
  config: { method: 'POST', url: `${api.url}${path}`, headers: [], timeoutSeconds: 5 },
});

/** reserve → invoice → charge → receipt; charge fails while the server says so. */
const orderSpec = (): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    post('reserve', '/reserve'),
    post('invoice', '/invoice'),
    post('charge', '/charge'),
    {
      id: 'receipt',
      type: 'transform',
      name: 'receipt',
      config: { fields: [{ name: 'seen', value: '{{ nodes.invoice.body.at }} {{ nodes.charge.body.at }}' }] },
    },
  ],
  edges: [
    ['reserve', 'invoice'],
    ['invoice', 'charge'],
    ['charge', 'receipt'],
  ],
});

async function ended(runId: string) {
  await env.services.temporal.client.workflow
    .getHandle(`run-${runId}`)
    .result()
    .catch(() => undefined);
  return callerFor(env.services, owner).runs.get({ runId });
}

async function failedRun() {
  chargeBroken = true;
  const workflow = await env.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'order',
    specJson: orderSpec(),
    llmPromptVersion: null,
    status: 'active',
  });
  const caller = callerFor(env.services, owner);
  const run = await ended((await caller.runs.start({ workflowId: workflow.id, input: { order: 7 } })).id);
  expect(run.status).toBe('failed');
  return { workflow, run, caller };
}

describe('runs.resume', () => {
  it('runs the failed node and what follows, reusing what succeeded without calling it again', async () => {
    const { run, caller } = await failedRun();
    const before = { reserve: calls('/reserve'), invoice: calls('/invoice'), charge: calls('/charge') };
    chargeBroken = false;

    const resumed = await caller.runs.resume({ runId: run.id, spec: 'original' });
    expect(resumed).toMatchObject({ trigger: 'resume', resumedFromRunId: run.id, input: { order: 7 } });
    const done = await ended(resumed.id);
    expect(done.status).toBe('success');
    expect(calls('/reserve')).toBe(before.reserve);
    expect(calls('/invoice')).toBe(before.invoice);
    expect(calls('/charge')).toBe(before.charge + 1);

    const task = (id: string) => done.tasks.find((t) => t.nodeId === id)!;
    for (const id of ['reserve', 'invoice']) {
      expect(task(id)).toMatchObject({ status: 'success', attemptCount: 0 });
      expect((task(id).logs as TaskLogs).entries!.at(-1)!.message).toContain(`reused from run ${run.id}`);
    }
    // The reused output is what the nodes after it read.
    expect((task('receipt').logs as TaskLogs).output).toEqual({ seen: '/invoice /charge' });
    expect(task('charge')).toMatchObject({ status: 'success', attemptCount: 1 });

    const audit = await env.services.models.AuditLog.findOne({
      where: { action: 'run.resume', resourceId: resumed.id },
    });
    expect(audit?.details).toMatchObject({ of: run.id, reused: ['reserve', 'invoice'] });
  });

  it('resumes on the current spec when only what follows the failure changed', async () => {
    const { workflow, run, caller } = await failedRun();
    chargeBroken = false;
    const changed = orderSpec();
    changed.nodes[3] = { ...changed.nodes[3]!, name: 'Receipt, renamed' } as SpecNode;
    (changed.nodes[3]!.config as { fields: Array<{ name: string; value: string }> }).fields[0]!.value = 'done';
    await caller.workflows.updateSpec({ workflowId: workflow.id, spec: changed });
    const invoices = calls('/invoice');

    const done = await ended((await caller.runs.resume({ runId: run.id, spec: 'current' })).id);
    expect(done.status).toBe('success');
    expect(calls('/invoice')).toBe(invoices);
    expect((done.tasks.find((t) => t.nodeId === 'receipt')!.logs as TaskLogs).output).toEqual({ seen: 'done' });
  });

  it('refuses the current spec when a node that had succeeded changed, naming it', async () => {
    const { workflow, run, caller } = await failedRun();
    const changed = orderSpec();
    changed.nodes[1] = post('invoice', '/invoice-v2');
    await caller.workflows.updateSpec({ workflowId: workflow.id, spec: changed });
    const runs = await env.services.models.WorkflowRun.count({ where: { workflowId: workflow.id } });

    await expect(caller.runs.resume({ runId: run.id, spec: 'current' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"invoice" (changed)'),
    });
    expect(await env.services.models.WorkflowRun.count({ where: { workflowId: workflow.id } })).toBe(runs);
    // The spec it ran still resumes.
    chargeBroken = false;
    expect((await ended((await caller.runs.resume({ runId: run.id, spec: 'original' })).id)).status).toBe('success');
  });

  it('refuses a run that did not fail, and runs of other people', async () => {
    const { run, caller } = await failedRun();
    chargeBroken = false;
    const resumed = await ended((await caller.runs.resume({ runId: run.id })).id);
    await expect(caller.runs.resume({ runId: resumed.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/only a failed run can be resumed; this one is success/i),
    });
    const stranger = callerFor(env.services, await createOwner(env.services.models, 'stranger@example.com'));
    await expect(stranger.runs.resume({ runId: run.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
