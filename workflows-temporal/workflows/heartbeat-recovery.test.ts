import proto from '@temporalio/proto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { startHttpTestServer, type RecordedRequest } from '../../testing/http-test-server';
import {
  loadTasks,
  startRunEnvironment,
  startSpecRun,
  waitUntil,
  type RunEnvironment,
} from '../../testing/run-environment';
import { historySteps } from '../../testing/history-steps';
import { killableWorkers } from '../../testing/worker-process';

const { TimeoutType } = proto.temporal.api.enums.v1;
const runs = 5;

let env: RunEnvironment;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
let workers: ReturnType<typeof killableWorkers>;

/** Holds each run's first call to a `…/call` path open (its worker dies with it); answers everything else at once. */
function answer(request: RecordedRequest, response: ServerResponse) {
  const same = api.requests.filter((r) => r.url === request.url && r.body === request.body);
  if (request.url!.endsWith('/call') && same.length === 1) return;
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

beforeAll(async () => {
  // No worker in this process: the test runs the production worker as processes it can kill.
  env = await startRunEnvironment({}, { worker: false });
  workers = killableWorkers(env.services.config);
  api = await startHttpTestServer(answer);
});
afterAll(async () => {
  workers?.killAll();
  await api.close();
  await env.close();
});

/** A quick call, a slow call, then a third node; all POST the run's input, so each call names its run. */
function spec(base: string, callTimeoutSeconds: number): WorkflowSpec {
  const post = (id: string, timeoutSeconds: number): SpecNode => ({
    id,
    type: 'http_request',
    name: id,
    config: { method: 'POST', url: `${base}/${id}`, headers: [], body: '{{ trigger }}', timeoutSeconds },
  });
  return {
    trigger: { type: 'manual' },
    nodes: [post('before', 5), post('call', callTimeoutSeconds), post('after', 5)],
    edges: [
      ['before', 'call'],
      ['call', 'after'],
    ],
  };
}

/** What history says of a regular `call`: the attempt that completed, and the timeout that ended the one before. */
function callAttempts(events: proto.temporal.api.history.v1.IHistoryEvent[]) {
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityId === 'call')!;
  return events
    .map((e) => e.activityTaskStartedEventAttributes)
    .filter((started) => started && String(started.scheduledEventId) === String(scheduled.eventId))
    .map((started) => ({
      attempt: started!.attempt,
      previousTimeout: started!.lastFailure?.timeoutFailureInfo?.timeoutType ?? null,
    }));
}

/** Starts `runs` runs of the spec on a worker, kills it while every `call` is in flight, and lets a second worker finish them. */
async function killWorkerMidCall(path: string, callTimeoutSeconds: number) {
  const { services } = env;
  const first = await workers.start();
  const base = `${api.url}/${path}`;
  const started = await Promise.all(
    Array.from({ length: runs }, (_, order) =>
      startSpecRun(services, env.owner, spec(base, callTimeoutSeconds), { order }),
    ),
  );
  const calls = (node: string) => api.requests.filter((r) => r.url === `/${path}/${node}`);
  await waitUntil('every run has its call in flight', async () => calls('call').length === runs, 60_000);
  await workers.kill(first);
  const second = await workers.start();
  await Promise.all(started.map(({ handle }) => handle.result()));
  for (const node of ['before', 'call', 'after']) {
    const made = calls(node).length;
    console.log(`[heartbeat-recovery] ${path} ${node}: ${made} HTTP calls for ${runs} runs, ${made - runs} duplicated`);
  }

  const results = [];
  for (const [order, { run, handle }] of started.entries()) {
    await run.reload();
    expect(run.runStatus).toBe('success');
    const { task } = await loadTasks(services, run.id);
    expect([task('before').attemptCount, task('call').attemptCount, task('after').attemptCount]).toEqual([1, 2, 1]);
    // The node finished before the crash once; the call in flight when the worker died, then its
    // retry; the next node once.
    const body = JSON.stringify({ order });
    expect(calls('before').filter((r) => r.body === body)).toHaveLength(1);
    expect(calls('call').filter((r) => r.body === body)).toHaveLength(2);
    expect(calls('after').filter((r) => r.body === body)).toHaveLength(1);
    results.push((await handle.fetchHistory()).events ?? []);
  }
  second.child.kill('SIGTERM');
  return results;
}

it('retries the attempts a killed worker left in flight after a heartbeat timeout, not start-to-close', async () => {
  // 60 s makes `call` a regular activity (runsAsLocalActivity), with 75 s of start-to-close: only
  // the heartbeat timeout can retry its lost attempt sooner.
  for (const events of await killWorkerMidCall('regular', 60)) {
    // The lost attempt ended by missing its heartbeats; start-to-close had a minute left to run.
    expect(callAttempts(events)).toEqual([{ attempt: 2, previousTimeout: TimeoutType.TIMEOUT_TYPE_HEARTBEAT }]);
  }
}, 120_000);

it('retries the local attempts a killed worker left in flight once its workflow task times out', async () => {
  // 30 s makes `call` a local activity, with 45 s of start-to-close, run inside the workflow task.
  for (const events of await killWorkerMidCall('local', 30)) {
    // The workflow task the dead worker held timed out, and the next worker ran the call again.
    const timedOut = events.filter((e) => e.workflowTaskTimedOutEventAttributes);
    expect(timedOut.map((e) => e.workflowTaskTimedOutEventAttributes!.timeoutType)).toEqual([
      TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    ]);
    const steps = historySteps({ events }).filter((step) => step.type === 'executeNode');
    expect(steps.map((step) => [step.kind, step.summary])).toEqual([
      ['local activity', 'before'],
      ['local activity', 'call'],
      ['local activity', 'after'],
    ]);
    // `before` had finished inside the lost workflow task, so the next worker ran its activity
    // again: its task row, already a success, kept it from calling the server twice (above).
    expect(Number(steps[0]!.event.eventId)).toBeGreaterThan(Number(timedOut[0]!.eventId));
  }
}, 120_000);
