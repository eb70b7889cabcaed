import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { startHttpTestServer, type HttpTestServer } from '../../../testing/http-test-server';
import {
  loadTasks,
  startRunEnvironment,
  startSpecRun,
  waitUntil,
  type RunEnvironment,
} from '../../../testing/run-environment';
import { killableWorkers } from '../../../testing/worker-process';

// The retry a receiver is most likely to have applied already: the call reached it, and the worker
// died before it could record the answer. Another worker repeats the attempt; its key must match.

let env: RunEnvironment;
let api: HttpTestServer;
let workers: ReturnType<typeof killableWorkers>;

beforeAll(async () => {
  // No worker in this process: the test runs the production worker as processes it can kill.
  env = await startRunEnvironment({}, { worker: false });
  workers = killableWorkers(env.services.config);
  // Holds the first call open, so its worker dies with it; answers the repeat.
  api = await startHttpTestServer((_, response) => {
    if (api.requests.length > 1) response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
afterAll(async () => {
  workers?.killAll();
  await api?.close();
  await env?.close();
});

it('sends the same Idempotency-Key again when another worker repeats an attempt lost in a crash', async () => {
  const spec: WorkflowSpec = {
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'charge',
        type: 'http_request',
        name: 'Charge',
        config: { method: 'POST', url: `${api.url}/charge`, headers: [], body: '{"amount":10}', timeoutSeconds: 5 },
      },
    ],
    edges: [],
  };
  const { services } = env;
  const first = await workers.start();
  const { run, handle } = await startSpecRun(services, env.owner, spec);
  await waitUntil('the call is in flight', async () => api.requests.length === 1, 30_000);
  await workers.kill(first);

  const second = await workers.start();
  await handle.result();
  second.child.kill('SIGTERM');

  const { task } = await loadTasks(services, run.id);
  expect(task('charge')).toMatchObject({ taskStatus: 'success', attemptCount: 2 });
  const [lost, repeated] = api.requests.map((r) => r.headers['idempotency-key']);
  expect(api.requests).toHaveLength(2);
  expect(lost).toMatch(/^[0-9a-f]{8}-/);
  expect(repeated).toBe(lost);
}, 90_000);
