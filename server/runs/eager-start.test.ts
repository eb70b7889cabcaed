import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startRunEnvironment, runToEnd, type RunEnvironment } from '../../testing/run-environment';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy';
import { startTestWorker } from '../../testing/test-worker';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { startRunsOn } from '../app-services';

// The API starts runs eagerly on its own worker (server/main.ts, API_WORKER): Temporal answers the
// start with the run's first workflow task for that worker. Here the test's worker stands in for
// it, in this process as the API's is in the API's.

let env: RunEnvironment;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

beforeAll(async () => {
  env = await startRunEnvironment({}, { worker: false });
  worker = await startTestWorker(env.services);
});
afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

const spec: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [{ id: 'say', type: 'transform', name: 'Say', config: { fields: [{ name: 'text', value: 'hi' }] } }],
  edges: [],
};

/** Whether Temporal handed the run's first workflow task back with its start. */
async function ranEagerly() {
  const { run, handle, outcome, logs } = await runToEnd(env.services, env.owner, spec);
  expect([outcome, run.runStatus, logs('say').output]).toEqual(['completed', 'success', { text: 'hi' }]);
  const [started] = (await handle.fetchHistory()).events!;
  return started!.workflowExecutionStartedEventAttributes!.eagerExecutionAccepted;
}

it('starts runs eagerly while a worker of this process polls, and through the queue once it stops', async () => {
  expect(await ranEagerly()).toBe(false);
  startRunsOn(env.services, worker.connection);
  expect(env.services.temporal.runStarts.eager).toBe(true);
  expect(await ranEagerly()).toBe(true);
  startRunsOn(env.services, null);
  expect(env.services.temporal.runStarts.client).toBe(env.services.temporal.client);
  expect(await ranEagerly()).toBe(false);
});

/**
 * Runs `during` with eager starts going through a connection behind a TCP proxy, which it may cut
 * or mute; the lazy client still reaches Temporal directly.
 */
async function withProxiedEagerStarts(during: (proxy: TcpProxy) => Promise<void>) {
  const [host, port] = inject('temporalAddress').split(':');
  const proxy = await startTcpProxy({ host: host!, port: Number(port) });
  const connection = await NativeConnection.connect({ address: `127.0.0.1:${proxy.port}` });
  try {
    startRunsOn(env.services, connection);
    await during(proxy);
  } finally {
    startRunsOn(env.services, null);
    proxy.cut();
    await connection.close();
    await proxy.close();
  }
}

it('starts a run through the queue when its eager start gets no answer', () =>
  withProxiedEagerStarts(async (proxy) => {
    proxy.cut();
    expect(await ranEagerly()).toBe(false);
    expect(proxy.refused()).toBeGreaterThan(0);
  }));

it(
  'finds a run started when its eager start arrived but the answer was lost',
  () =>
    withProxiedEagerStarts(async (proxy) => {
      proxy.muteAnswers();
      // The start made through this connection reaches Temporal (with no worker on the connection,
      // not eagerly) and its answer is lost; the start through the queue then finds the execution
      // already there, and the run goes on instead of being recorded as failed.
      const { run, outcome } = await runToEnd(env.services, env.owner, spec);
      expect([outcome, run.runStatus]).toEqual(['completed', 'success']);
    }),
  60_000,
);
