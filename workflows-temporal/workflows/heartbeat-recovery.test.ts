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
import { spawnWorkerProcess } from '../../testing/worker-process';

const { TimeoutType } = proto.temporal.api.enums.v1;
const runs = 5;

let env: RunEnvironment;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
const workers: Array<ReturnType<typeof spawnWorkerProcess>> = [];

/** Holds each run's first `/call` open (its worker dies with it); answers everything else at once. */
function answer(request: RecordedRequest, response: ServerResponse) {
  const same = api.requests.filter((r) => r.url === request.url && r.body === request.body);
  if (request.url === '/call' && same.length === 1) return;
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
}

beforeAll(async () => {
  // No worker in this process: the test runs the production worker as processes it can kill.
  env = await startRunEnvironment({}, { worker: false });
  api = await startHttpTestServer(answer);
});
afterAll(async () => {
  for (const { child } of workers) if (child.exitCode === null) child.kill('SIGKILL');
  await api.close();
  await env.close();
});

/** A slow call, then a second node; both POST the run's input, so each call names its run. */
function spec(base: string): WorkflowSpec {
  const post = (id: string, timeoutSeconds: number): SpecNode => ({
    id,
    type: 'http_request',
    name: id,
    config: { method: 'POST', url: `${base}/${id}`, headers: [], body: '{{ trigger }}', timeoutSeconds },
  });
  // Start-to-close is 45 s for `call`: only the heartbeat timeout can retry its lost attempt sooner.
  return { trigger: { type: 'manual' }, nodes: [post('call', 30), post('after', 5)], edges: [['call', 'after']] };
}

/** What history says of `call`: the attempt that completed, and the timeout that ended the one before. */
async function callAttempts(handle: { fetchHistory(): Promise<proto.temporal.api.history.v1.IHistory> }) {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityId === 'call')!;
  return events
    .map((e) => e.activityTaskStartedEventAttributes)
    .filter((started) => started && String(started.scheduledEventId) === String(scheduled.eventId))
    .map((started) => ({
      attempt: started!.attempt,
      previousTimeout: started!.lastFailure?.timeoutFailureInfo?.timeoutType ?? null,
    }));
}

it('retries the attempts a killed worker left in flight after a heartbeat timeout, not start-to-close', async () => {
  const { services } = env;
  const first = spawnWorkerProcess(services.config);
  workers.push(first);
  await first.ready;
  const started = await Promise.all(
    Array.from({ length: runs }, (_, order) => startSpecRun(services, env.owner, spec(api.url), { order })),
  );

  await waitUntil('every run has its call in flight', async () => api.requests.length === runs, 60_000);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));
  const second = spawnWorkerProcess(services.config);
  workers.push(second);
  await second.ready;
  await Promise.all(started.map(({ handle }) => handle.result()));

  const calls = (url: string) => api.requests.filter((r) => r.url === url);
  for (const node of ['call', 'after']) {
    const made = calls(`/${node}`).length;
    console.log(`[heartbeat-recovery] ${node}: ${made} HTTP calls for ${runs} runs, ${made - runs} duplicated`);
  }
  for (const [order, { run, handle }] of started.entries()) {
    await run.reload();
    expect(run.runStatus).toBe('success');
    const { task } = await loadTasks(services, run.id);
    expect([task('call').attemptCount, task('after').attemptCount]).toEqual([2, 1]);
    // The lost attempt ended by missing its heartbeats; start-to-close had 45 s left to run.
    expect(await callAttempts(handle)).toEqual([{ attempt: 2, previousTimeout: TimeoutType.TIMEOUT_TYPE_HEARTBEAT }]);
    // The call that was in flight when the worker died, then its retry; the next node once.
    const body = JSON.stringify({ order });
    expect(calls('/call').filter((r) => r.body === body)).toHaveLength(2);
    expect(calls('/after').filter((r) => r.body === body)).toHaveLength(1);
  }
  second.child.kill('SIGTERM');
}, 120_000);
