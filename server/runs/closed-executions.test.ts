import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunOverlap } from '../../core/spec/run-overlap';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { runFailureAlertWorkflowId } from '../../core/run/run-contract';
import { callerFor } from '../../testing/caller';
import { startSmtpServer } from '../../testing/fakes/smtp-server.fake';
import { createConnector } from '../../testing/fixtures';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { endRunsOfClosedExecutions, endRunsOfClosedExecutionsEvery } from './closed-executions';
import { startWaitingRunsWhenFree } from './waiting-runs';

// Runs whose Temporal execution closed without the worker ending them, against the real
// PostgreSQL, Temporal dev server and worker: the API's sweep ends them as Temporal tells.

let env: RunEnvironment;
let launcher: ReturnType<typeof startWaitingRunsWhenFree>;

beforeAll(async () => {
  env = await startRunEnvironment();
  // As the API's main does; a long sweep, so only the run-ended notification starts a waiting run.
  launcher = startWaitingRunsWhenFree(env.services, { sweepMs: 600_000 });
  await launcher.swept;
});
afterAll(async () => {
  await launcher?.stop();
  await env?.close();
});

const caller = () => callerFor(env.services, env.owner);

/** A run that waits 10 minutes on its first node, then greets. */
const waitThenGreet = (overlap: RunOverlap = 'allow'): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    { id: 'wait', type: 'delay', name: 'Wait', config: { seconds: 600 } },
    { id: 'greet', type: 'transform', name: 'Greet', config: { fields: [{ name: 'hello', value: 'world' }] } },
  ],
  edges: [['wait', 'greet']],
  settings: { overlap },
});

async function workflowWith(spec: WorkflowSpec) {
  return env.services.models.Workflow.create({
    ownerId: env.owner.id,
    name: 'closed executions',
    specJson: spec,
    llmPromptVersion: null,
    status: 'active',
  });
}

async function waitingRun(workflowId: string) {
  const run = await caller().runs.start({ workflowId, input: {} });
  await waitUntil(`run ${run.id} to wait`, async () =>
    (await caller().runs.get({ runId: run.id })).tasks.some((t) => t.nodeId === 'wait' && t.status === 'running'),
  );
  return run;
}

const handleOf = (runId: string) => env.services.temporal.client.workflow.getHandle(`run-${runId}`);

/** Sweeps until `runIds` have all been ended (Temporal's visibility follows a close within moments). */
async function sweepUntilEnded(runIds: string[], pageSize?: number) {
  const ended: string[] = [];
  await waitUntil(`the sweep to end ${runIds.join(', ')}`, async () => {
    ended.push(...(await endRunsOfClosedExecutions(env.services, { pageSize })));
    return runIds.every((id) => ended.includes(id));
  });
  return ended;
}

it('ends runs whose executions were terminated, saying why, and leaves running ones alone', async () => {
  const workflow = await workflowWith(waitThenGreet());
  const [first, second, alive] = [
    await waitingRun(workflow.id),
    await waitingRun(workflow.id),
    await waitingRun(workflow.id),
  ];
  await handleOf(first.id).terminate('stuck on a partner outage');
  await handleOf(second.id).terminate();

  // One run a page: the sweep goes on past the first page.
  const ended = await sweepUntilEnded([first.id, second.id], 1);
  expect(ended).not.toContain(alive.id);
  const counted = await env.services.metrics.runsEndedAfterExecution.get();
  expect(counted.values).toEqual([{ labels: { execution: 'terminated' }, value: 2 }]);

  const run = await caller().runs.get({ runId: first.id });
  expect(run.status).toBe('failed');
  expect(run.finishedAt).not.toBeNull();
  expect(run.tasks.map((t) => [t.nodeId, t.status]).sort()).toEqual([
    ['greet', 'cancelled'],
    ['wait', 'cancelled'],
  ]);
  expect(run.resultSummary).toMatchObject({
    status: 'failed',
    execution: 'terminated',
    nodes: { wait: 'cancelled', greet: 'cancelled' },
    error: expect.stringMatching(
      /^Its Temporal execution was terminated \("stuck on a partner outage", by .+\) before the run ended; its unfinished nodes were cancelled\.$/,
    ),
  });
  expect((await caller().runs.get({ runId: second.id })).status).toBe('failed');
  const audit = await env.services.models.AuditLog.findOne({
    where: { action: 'run.end_closed_execution', resourceId: first.id },
  });
  expect(audit).toMatchObject({
    actorId: null,
    details: { execution: 'terminated', status: 'failed', reason: 'stuck on a partner outage' },
  });
  expect((await caller().runs.get({ runId: alive.id })).status).toBe('running');

  // It can be resumed as any failed run.
  const resumed = await caller().runs.resume({ runId: first.id, spec: 'original' });
  expect(resumed.resumedFromRunId).toBe(first.id);
  await handleOf(resumed.id).terminate('done with the test');
  await sweepUntilEnded([resumed.id]);

  // A sweep finds nothing more to end, and the run still going is untouched.
  expect(await endRunsOfClosedExecutions(env.services)).toEqual([]);
  expect((await caller().runs.get({ runId: alive.id })).status).toBe('running');
  await handleOf(alive.id).cancel();
  await waitUntil(
    'the cancelled run to end',
    async () => (await caller().runs.get({ runId: alive.id })).finishedAt !== null,
  );
  expect((await caller().runs.get({ runId: alive.id })).status).toBe('cancelled');
});

it("alerts about a run it ends failed, as the run's own workflow would have", async () => {
  const smtp = await startSmtpServer();
  try {
    const { models, config } = env.services;
    const smtpConfig = { host: smtp.host, port: smtp.port, secure: false, from: 'alerts@acme.test' };
    const connector = await createConnector(models, config.APP_ENCRYPTION_KEY, env.owner.id, 'smtp', smtpConfig, null);
    const workflow = await workflowWith(waitThenGreet());
    await caller().alerts.update({
      workflowId: workflow.id,
      email: { enabled: true, recipients: ['ops@acme.test'], smtpConnectorId: connector.id },
      webhook: { enabled: false, url: null },
      windowMinutes: 15,
    });
    const run = await waitingRun(workflow.id);
    await handleOf(run.id).terminate('stuck on a partner outage');
    await sweepUntilEnded([run.id]);

    // The alert's own execution ends once its email is sent (or recorded as not).
    await env.services.temporal.client.workflow.getHandle(runFailureAlertWorkflowId(run.id)).result();
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail).toMatchObject({ subject: 'Workflow "closed executions" failed', to: ['ops@acme.test'] });
    expect(mail!.text).toContain(`/runs/${run.id}`);
    expect(mail!.text).toContain('Its Temporal execution was terminated ("stuck on a partner outage"');
    expect(await caller().alerts.get({ workflowId: workflow.id })).toMatchObject({ lastError: null });
  } finally {
    await smtp.close();
  }
});

it('starts the run waiting behind a terminated one ("buffer_one")', async () => {
  const workflow = await workflowWith(waitThenGreet('buffer_one'));
  const stuck = await waitingRun(workflow.id);
  const next = await caller().runs.start({ workflowId: workflow.id, input: {} });
  expect((await caller().runs.get({ runId: next.id })).waiting).toBe(true);

  await handleOf(stuck.id).terminate('stuck');
  // As the API's main runs it: a sweep at once and then every `sweepMs`.
  const sweeps = endRunsOfClosedExecutionsEvery(env.services, { sweepMs: 200 });
  try {
    await waitUntil('the sweep to end the terminated run', async () =>
      (await caller().runs.get({ runId: stuck.id })).status === 'failed' ? true : undefined,
    );
  } finally {
    await sweeps.stop();
  }

  // The end notifies as the worker's does: the waiting run starts.
  await waitUntil('the waiting run to start', async () =>
    (await caller().runs.get({ runId: next.id })).tasks.some((t) => t.nodeId === 'wait' && t.status === 'running'),
  );
  await handleOf(next.id).terminate('done with the test');
});

it('never overwrites an end the worker recorded, and records one it could not', async () => {
  const workflow = await workflowWith({
    trigger: { type: 'manual' },
    nodes: [{ id: 'greet', type: 'transform', name: 'Greet', config: { fields: [{ name: 'hello', value: 'x' }] } }],
    edges: [],
  });
  const done = await caller().runs.start({ workflowId: workflow.id, input: {} });
  await handleOf(done.id).result();
  const lost = await caller().runs.start({ workflowId: workflow.id, input: {} });
  await handleOf(lost.id).result();
  // As if the worker's last write had been lost: the execution completed, the row says running.
  await env.services.models.WorkflowRun.update(
    { runStatus: 'running', finishedAt: null, resultSummary: null },
    { where: { id: lost.id } },
  );

  const ended = await sweepUntilEnded([lost.id]);
  expect(ended).not.toContain(done.id);
  const run = await caller().runs.get({ runId: lost.id });
  expect(run.status).toBe('success');
  expect(run.resultSummary).toMatchObject({ status: 'success', execution: 'completed', nodes: { greet: 'success' } });
  expect(run.resultSummary).not.toHaveProperty('error');
  expect((await caller().runs.get({ runId: done.id })).resultSummary).not.toHaveProperty('execution');
});

it('ends a run whose execution Temporal does not have, when a later sweep still does not find it', async () => {
  const workflow = await workflowWith(waitThenGreet());
  const gone = await env.services.models.WorkflowRun.create({
    workflowId: workflow.id,
    runStatus: 'running',
    runTrigger: 'manual',
    temporalWorkflowId: `run-${crypto.randomUUID()}`,
  });
  const unlisted = new Map<string, number>();

  // Found missing once: perhaps a start under way, or an execution visibility has not listed yet.
  expect(await endRunsOfClosedExecutions(env.services, { unlisted, confirmAfterMs: 60_000 })).not.toContain(gone.id);
  expect(unlisted.has(gone.id)).toBe(true);
  expect((await caller().runs.get({ runId: gone.id })).status).toBe('running');

  // Another sweep at once leaves it too.
  expect(await endRunsOfClosedExecutions(env.services, { unlisted, confirmAfterMs: 60_000 })).not.toContain(gone.id);
  // Still missing at a sweep a minute after the first: Temporal is asked, and has none.
  unlisted.set(gone.id, Date.now() - 61_000);
  expect(await endRunsOfClosedExecutions(env.services, { unlisted, confirmAfterMs: 60_000 })).toContain(gone.id);
  expect(unlisted.has(gone.id)).toBe(false);
  const run = await caller().runs.get({ runId: gone.id });
  expect(run.status).toBe('failed');
  expect(run.resultSummary).toMatchObject({
    execution: 'missing',
    error: expect.stringMatching(/^Temporal has no execution for this run/),
  });
});
