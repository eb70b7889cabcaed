import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttpTestServer } from '../../testing/http-test-server';
import { crashSpec, expectEachNodeRanOnce } from '../../testing/crash-run';
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
  const spec = crashSpec(api.url);
  const { services } = env;
  const first = await workers.start();
  const { run, handle } = await startSpecRun(services, env.owner, spec, { order: 42 });
  const waitTask = () => services.models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'wait' } });

  await waitUntil('the durable wait begins', async () => (await waitTask())?.taskStatus === 'running', 30_000);
  await workers.kill(first);

  const second = await workers.start();
  await handle.result();

  await expectEachNodeRanOnce(services.models, run.id, api);
  expect(JSON.parse(api.requests.find((r) => r.url === '/before')!.body)).toEqual({ order: 42 });
  second.child.kill('SIGTERM');
}, 90_000);
