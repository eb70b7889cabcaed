import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../../core/db/models';
import type { RunOverlap } from '../../core/spec/run-overlap';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { postWebhook } from '../../testing/webhook-delivery';
import { startHttpTestServer } from '../../testing/http-test-server';
import { startWaitingRunsWhenFree } from './waiting-runs';

// A workflow's `settings.overlap` for the runs the API starts (manual, webhook, re-run), against
// the real PostgreSQL, Temporal dev server, worker and HTTP API. An approval keeps a run going
// until the test decides it.

let env: RunEnvironment;
let launcher: ReturnType<typeof startWaitingRunsWhenFree>;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
/** While true, the loopback server's /charge answers 404 (a failure that is not retried). */
let chargeBroken = true;

beforeAll(async () => {
  env = await startRunEnvironment({}, { http: true });
  api = await startHttpTestServer((req, res) => {
    if (req.url === '/charge' && chargeBroken) return res.writeHead(404).end('not yet');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  // As the API's main does; a long sweep, so only the run-ended notification starts a waiting run.
  launcher = startWaitingRunsWhenFree(env.services, { sweepMs: 600_000 });
  await launcher.swept;
});
afterAll(async () => {
  await launcher?.stop();
  await api?.close();
  await env?.close();
});

const held = (overlap: RunOverlap | null): WorkflowSpec => ({
  trigger: { type: 'webhook' },
  nodes: [
    {
      id: 'ask',
      type: 'approval',
      name: 'Ask',
      config: { message: 'Go on?', timeoutMinutes: 60, onTimeout: 'reject' },
    },
    { id: 'done', type: 'transform', name: 'Done', config: { fields: [{ name: 'ok', value: 'yes' }] } },
  ],
  edges: [['ask', 'done', 'approved']],
  ...(overlap ? { settings: { overlap } } : {}),
});

/** An active webhook workflow holding runs open, with its signing secret. */
async function workflowWith(overlap: RunOverlap | null): Promise<{ workflow: Workflow; secret: string }> {
  const caller = callerFor(env.services, env.owner);
  const created = await caller.workflows.create({ name: `overlap ${overlap}`, spec: held(overlap) });
  const { secret } = await caller.workflows.rotateWebhookSecret({ workflowId: created.id });
  await caller.workflows.activate({ workflowId: created.id });
  const workflow = await env.services.models.Workflow.findByPk(created.id, { rejectOnEmpty: true });
  return { workflow, secret };
}

const caller = () => callerFor(env.services, env.owner);
const deliver = (workflow: Workflow, secret: string, body: object = {}) =>
  postWebhook(`${env.baseUrl}/hooks/${workflow.id}`, secret, JSON.stringify(body));
const runsOf = (workflow: Workflow) =>
  env.services.models.WorkflowRun.findAll({ where: { workflowId: workflow.id }, order: [['createdAt', 'ASC']] });
const waitingAtApproval = (runId: string) =>
  waitUntil(`run ${runId} to wait for its approval`, async () =>
    (await caller().runs.get({ runId })).tasks.some((t) => t.nodeId === 'ask' && t.status === 'running'),
  );
const ended = (runId: string) =>
  waitUntil(`run ${runId} to end`, async () => {
    const run = await caller().runs.get({ runId });
    return run.finishedAt ? run : undefined;
  });
async function approve(runId: string) {
  await waitingAtApproval(runId);
  await caller().runs.decideApproval({ runId, nodeId: 'ask', decision: 'approved' });
  return ended(runId);
}
async function cancel(runId: string) {
  await caller().runs.cancel({ runId });
  return ended(runId);
}

describe('settings.overlap for runs the API starts', () => {
  it('allows overlapping runs when the spec has no setting, as before', async () => {
    const { workflow, secret } = await workflowWith(null);
    const first = await caller().runs.start({ workflowId: workflow.id });
    const second = await caller().runs.start({ workflowId: workflow.id });
    const hook = await deliver(workflow, secret);
    expect(hook.status).toBe(202);
    const { runId } = (await hook.json()) as { runId: string };
    for (const run of [first, second]) expect(run).toMatchObject({ status: 'pending', waiting: false });
    for (const id of [first.id, second.id, runId]) await waitingAtApproval(id);
    for (const id of [first.id, second.id, runId]) await cancel(id);
  });

  it('"allow" starts every run at once, even many at the same moment', async () => {
    const { workflow } = await workflowWith('allow');
    const runs = await Promise.all([1, 2, 3].map(() => caller().runs.start({ workflowId: workflow.id })));
    expect(runs.map((run) => run.waiting)).toEqual([false, false, false]);
    for (const run of runs) await waitingAtApproval(run.id);
    for (const run of runs) await cancel(run.id);
  });

  it('"skip" refuses a manual run, a re-run and a webhook delivery while one runs, recording nothing', async () => {
    const { workflow, secret } = await workflowWith('skip');
    const first = await caller().runs.start({ workflowId: workflow.id, input: { n: 1 } });
    await waitingAtApproval(first.id);
    const audits = await env.services.models.AuditLog.count();

    const refusal = new RegExp(`Skipped: run ${first.id} of this workflow is still running.*"skip"`);
    await expect(caller().runs.start({ workflowId: workflow.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(refusal),
    });
    await expect(caller().runs.rerun({ runId: first.id })).rejects.toThrow(refusal);

    const hook = await deliver(workflow, secret, { n: 2 });
    expect(hook.status).toBe(409);
    expect(await hook.json()).toMatchObject({
      error: {
        message: expect.stringMatching(refusal),
        data: {
          code: 'CONFLICT',
          httpStatus: 409,
          details: { skipped: true, overlap: 'skip', runningRunId: first.id },
        },
      },
    });
    expect((await runsOf(workflow)).map((run) => run.id)).toEqual([first.id]);
    expect(await env.services.models.AuditLog.count()).toBe(audits);

    await approve(first.id);
    // Once it has ended, the next run starts as usual, by webhook too.
    const next = await deliver(workflow, secret, { n: 3 });
    expect(next.status).toBe(202);
    await cancel(((await next.json()) as { runId: string }).runId);
  });

  it('"skip" lets one of many simultaneous requests start', async () => {
    const { workflow } = await workflowWith('skip');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => caller().runs.start({ workflowId: workflow.id })),
    );
    const started = outcomes.filter((o) => o.status === 'fulfilled');
    expect(started).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected'))
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(await runsOf(workflow)).toHaveLength(1);
    await cancel((started[0] as PromiseFulfilledResult<{ id: string }>).value.id);
  });

  it('"buffer_one" keeps one run waiting, refuses a third, and starts the waiting one when the first ends', async () => {
    const { workflow, secret } = await workflowWith('buffer_one');
    const first = await caller().runs.start({ workflowId: workflow.id, input: { n: 1 } });
    await waitingAtApproval(first.id);

    const hook = await deliver(workflow, secret, { n: 2 });
    expect(hook.status).toBe(202);
    const buffered = (await hook.json()) as { runId: string; status: string; waitingFor: string };
    expect(buffered).toMatchObject({ status: 'waiting', waitingFor: first.id });
    const waiting = await caller().runs.get({ runId: buffered.runId });
    expect(waiting).toMatchObject({ status: 'pending', waiting: true, temporalUrl: null, trigger: 'webhook' });
    expect(waiting.tasks.map((t) => t.status)).toEqual(['pending', 'pending']);

    const third = new RegExp(`run ${first.id} .* still running and run ${buffered.runId} already waits`);
    await expect(caller().runs.start({ workflowId: workflow.id })).rejects.toThrow(third);
    const refused = await deliver(workflow, secret, { n: 3 });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { data: { details: { skipped: true, runningRunId: first.id, waitingRunId: buffered.runId } } },
    });
    expect(await runsOf(workflow)).toHaveLength(2);
    // Still waiting, a while after: nothing starts it but the end of the first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await caller().runs.get({ runId: buffered.runId })).toMatchObject({ waiting: true });

    await approve(first.id);
    await waitingAtApproval(buffered.runId);
    const started = await caller().runs.get({ runId: buffered.runId });
    expect(started).toMatchObject({ status: 'running', waiting: false, input: { n: 2 } });
    expect(started.temporalUrl).toContain(`run-${buffered.runId}`);

    // It is now the run going: the next request waits behind it, and can be cancelled while it does.
    const fourth = await caller().runs.start({ workflowId: workflow.id });
    expect(fourth).toMatchObject({ waiting: true, status: 'pending' });
    await caller().runs.cancel({ runId: fourth.id });
    const cancelled = await caller().runs.get({ runId: fourth.id });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      waiting: false,
      resultSummary: { status: 'cancelled', reason: expect.stringMatching(/while it waited/) },
    });
    expect(cancelled.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(await env.services.models.AuditLog.count({ where: { action: 'run.cancel', resourceId: fourth.id } })).toBe(
      1,
    );
    await cancel(buffered.runId);
  });

  it('"buffer_one" under simultaneous requests: one starts, one waits, the rest are refused', async () => {
    const { workflow } = await workflowWith('buffer_one');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => caller().runs.start({ workflowId: workflow.id })),
    );
    const accepted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(accepted.map((run) => run.waiting).sort()).toEqual([false, true]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(4);
    const going = accepted.find((run) => !run.waiting)!;
    const waiting = accepted.find((run) => run.waiting)!;
    await cancel(going.id);
    // Cancelling the run going ends it: the waiting one starts.
    await waitingAtApproval(waiting.id);
    await cancel(waiting.id);
  });

  it('starts a run that waited behind one that ended while no API listened, at the next start', async () => {
    const { workflow } = await workflowWith('buffer_one');
    const first = await caller().runs.start({ workflowId: workflow.id });
    await waitingAtApproval(first.id);
    const second = await caller().runs.start({ workflowId: workflow.id });
    expect(second.waiting).toBe(true);

    await launcher.stop(); // the API is down
    await approve(first.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await caller().runs.get({ runId: second.id })).toMatchObject({ waiting: true });

    launcher = startWaitingRunsWhenFree(env.services, { sweepMs: 600_000 }); // the API starts again
    await launcher.swept;
    expect(await caller().runs.get({ runId: second.id })).toMatchObject({ waiting: false });
    await waitingAtApproval(second.id);
    await cancel(second.id);
  });

  it('a resume kept waiting starts when the run in its way ends, still reusing what had succeeded', async () => {
    const post = (id: string): SpecNode => ({
      id,
      type: 'http_request',
      name: id,
      config: { method: 'POST', url: `${api.url}/${id}`, headers: [], timeoutSeconds: 5 },
    });
    const spec: WorkflowSpec = {
      ...held('buffer_one'),
      nodes: [post('reserve'), post('charge'), ...held(null).nodes],
      edges: [['reserve', 'charge'], ['charge', 'ask'], ...held(null).edges],
    };
    const created = await caller().workflows.create({ name: 'overlap resume', spec });
    await caller().workflows.activate({ workflowId: created.id });
    const calls = (path: string) => api.requests.filter((r) => r.url === path).length;

    chargeBroken = true;
    const failed = await caller().runs.start({ workflowId: created.id });
    expect(await ended(failed.id)).toMatchObject({ status: 'failed' });
    chargeBroken = false;
    const going = await caller().runs.start({ workflowId: created.id });
    await waitingAtApproval(going.id);
    const reserved = calls('/reserve');

    const resumed = await caller().runs.resume({ runId: failed.id });
    expect(resumed).toMatchObject({ waiting: true, trigger: 'resume', resumedFromRunId: failed.id });
    await approve(going.id);
    await waitingAtApproval(resumed.id);
    const tasks = Object.fromEntries((await caller().runs.get({ runId: resumed.id })).tasks.map((t) => [t.nodeId, t]));
    expect(tasks.reserve).toMatchObject({ status: 'success', attemptCount: 0 });
    expect(tasks.charge).toMatchObject({ status: 'success' });
    expect(calls('/reserve')).toBe(reserved);
    await approve(resumed.id);
    expect(await caller().runs.get({ runId: resumed.id })).toMatchObject({ status: 'success' });
  });

  it('cancels a waiting run, saying why, when its workflow was archived before it could start', async () => {
    const { workflow } = await workflowWith('buffer_one');
    const first = await caller().runs.start({ workflowId: workflow.id });
    await waitingAtApproval(first.id);
    const second = await caller().runs.start({ workflowId: workflow.id });
    await caller().workflows.archive({ workflowId: workflow.id });
    await approve(first.id);
    expect(await ended(second.id)).toMatchObject({
      status: 'cancelled',
      temporalUrl: null,
      resultSummary: { reason: 'The workflow was archived before this run could start.' },
    });
  });
});
