import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeAppServices, createAppServices, type AppServices } from '../../server/app-services';
import { startRun } from '../../server/runs/runs.service';
import { startHttpTestServer } from '../../server/test/http-test-server';
import { migratedTestDatabase, type MigratedDatabase } from '../../server/test/test-database';
import { testConfig } from '../../server/test/test-server';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { createOwner } from '../test/fixtures';
import { waitUntil } from '../test/run-helpers';
import { testTaskQueue } from '../test/test-worker';
import { spawnWorkerProcess } from '../test/worker-process';

let db: MigratedDatabase;
let services: AppServices;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
const workers: Array<ReturnType<typeof spawnWorkerProcess>> = [];

beforeAll(async () => {
  db = await migratedTestDatabase();
  services = createAppServices(testConfig(db.url, { TEMPORAL_TASK_QUEUE: testTaskQueue() }));
  api = await startHttpTestServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })));
});
afterAll(async () => {
  for (const { child } of workers) if (child.exitCode === null) child.kill('SIGKILL');
  await api.close();
  await closeAppServices(services);
  await db.drop();
});

it('completes a run whose worker was killed mid-run, without running finished nodes again', async () => {
  const spec: WorkflowSpec = {
    trigger: { type: 'manual' },
    nodes: [
      { id: 'before', type: 'http_request', name: 'Before the crash', config: { method: 'POST', url: `${api.url}/before`, headers: [], body: '{{ trigger }}', timeoutSeconds: 5 } },
      { id: 'wait', type: 'delay', name: 'Durable wait', config: { seconds: 3 } },
      { id: 'after', type: 'http_request', name: 'After the crash', config: { method: 'GET', url: `${api.url}/after`, headers: [], timeoutSeconds: 5 } },
    ],
    edges: [
      ['before', 'wait'],
      ['wait', 'after'],
    ],
  };
  const owner = await createOwner(services.models);
  const workflow = await services.models.Workflow.create({ ownerId: owner.id, name: 'crash', specJson: spec, llmPromptVersion: null, status: 'active' });

  const first = spawnWorkerProcess(services.config);
  workers.push(first);
  await first.ready;
  const run = await startRun(services, owner, { workflowId: workflow.id, input: { order: 42 }, trigger: 'manual' });
  const waitTask = () => services.models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'wait' } });

  await waitUntil('the durable wait begins', async () => (await waitTask())?.taskStatus === 'running', 30_000);
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = spawnWorkerProcess(services.config);
  workers.push(second);
  await second.ready;
  await services.temporal.client.workflow.getHandle(run.temporalWorkflowId!).result();

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
