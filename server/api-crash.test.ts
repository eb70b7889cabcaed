import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnApiProcess } from '../testing/api-process';
import { crashSpec, expectEachNodeRanOnce } from '../testing/crash-run';
import { freePort } from '../testing/free-port';
import { startHttpTestServer } from '../testing/http-test-server';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../testing/run-environment';
import { signInOverHttp, trpcMutation } from '../testing/trpc-http';
import { killableWorkers } from '../testing/worker-process';
import { stopProcess } from './dev/child-process';

// The API runs a worker of its own and starts its runs on it (server/main.ts, API_WORKER), so a
// crash of the API is also a crash of the worker its runs were on. As after a worker's crash
// (worker-crash.test.ts), the run goes on elsewhere, and no node that had finished runs again.

let env: RunEnvironment;
let target: Awaited<ReturnType<typeof startHttpTestServer>>;
let workers: ReturnType<typeof killableWorkers>;
let api: ReturnType<typeof spawnApiProcess> | null = null;

beforeAll(async () => {
  // No worker in this process: the API's own, then a worker process, take the run.
  env = await startRunEnvironment({}, { worker: false });
  workers = killableWorkers(env.services.config);
  target = await startHttpTestServer((req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })),
  );
});
afterAll(async () => {
  if (api) await stopProcess(api.child, 'SIGKILL');
  workers?.killAll();
  await target?.close();
  await env?.close();
});

it('completes a run whose API was killed mid-run, on a worker process, without running finished nodes again', async () => {
  api = spawnApiProcess(env.services.config, await freePort());
  await api.ready;
  const { models, temporal } = env.services;
  const workflow = await models.Workflow.create({
    ownerId: env.owner.id,
    name: 'crash',
    specJson: crashSpec(target.url),
    llmPromptVersion: null,
    status: 'active',
  });
  const cookie = await signInOverHttp(api.baseUrl, env.owner.email, 'owner password');
  const started = await trpcMutation(
    api.baseUrl,
    'runs.start',
    { workflowId: workflow.id, input: { order: 42 } },
    { cookie },
  );
  const run = (await models.WorkflowRun.findByPk(started.body.result.data.id as string))!;
  const waitTask = () => models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'wait' } });
  await waitUntil('the durable wait begins', async () => (await waitTask())?.taskStatus === 'running', 30_000);
  await stopProcess(api.child, 'SIGKILL');

  await workers.start();
  await waitUntil('the run ends', async () => (await run.reload()).finishedAt !== null, 60_000);
  await expectEachNodeRanOnce(models, run.id, target);
  // The API's worker had the run: it started eagerly there.
  const [first] = (await temporal.client.workflow.getHandle(run.temporalWorkflowId!).fetchHistory()).events!;
  expect(first!.workflowExecutionStartedEventAttributes!.eagerExecutionAccepted).toBe(true);
}, 120_000);
