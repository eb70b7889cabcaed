import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttpTestServer } from '../../testing/http-test-server';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { startRunEnvironment, startSpecRun, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { killableWorkers } from '../../testing/worker-process';

let env: RunEnvironment;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
let workers: ReturnType<typeof killableWorkers>;

beforeAll(async () => {
  // No worker in this process: the test runs the production worker as processes it can kill.
  env = await startRunEnvironment({}, { worker: false });
  workers = killableWorkers(env.services.config);
  api = await startHttpTestServer((req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })),
  );
});
afterAll(async () => {
  workers?.killAll();
  await api.close();
  await env.close();
});

it('completes a run whose worker was killed mid-run, without running finished nodes again', async () => {
  const spec: WorkflowSpec = {
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'before',
        type: 'http_request',
        name: 'Before the crash',
        config: { method: 'POST', url: `${api.url}/before`, headers: [], body: '{{ trigger }}', timeoutSeconds: 5 },
      },
      { id: 'wait', type: 'delay', name: 'Durable wait', config: { seconds: 3 } },
      {
        id: 'after',
        type: 'http_request',
        name: 'After the crash',
        config: { method: 'GET', url: `${api.url}/after`, headers: [], timeoutSeconds: 5 },
      },
    ],
    edges: [
      ['before', 'wait'],
      ['wait', 'after'],
    ],
  };
  const { services } = env;
  const first = await workers.start();
  const { run, handle } = await startSpecRun(services, env.owner, spec, { order: 42 });
  const waitTask = () => services.models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'wait' } });

  await waitUntil('the durable wait begins', async () => (await waitTask())?.taskStatus === 'running', 30_000);
  await workers.kill(first);

  const second = await workers.start();
  await handle.result();

  await run.reload();
  expect(run.runStatus).toBe('success');
  const tasks = await services.models.Task.findAll({ where: { workflowRunId: run.id } });
  expect(tasks.map((t) => [t.nodeId, t.taskStatus, t.attemptCount]).sort()).toEqual([
    ['after', 'success', 1],
    ['before', 'success', 1],
    ['wait', 'success', 1],
  ]);
  // The node that had finished before the crash reached the server exactly once.
  expect(api.requests.filter((r) => r.url === '/before')).toHaveLength(1);
  expect(api.requests.filter((r) => r.url === '/after')).toHaveLength(1);
  expect(JSON.parse(api.requests.find((r) => r.url === '/before')!.body)).toEqual({ order: 42 });
  second.child.kill('SIGTERM');
}, 90_000);
