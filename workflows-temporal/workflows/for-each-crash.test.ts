import { afterAll, beforeAll, expect, it } from 'vitest';
import { Op } from 'sequelize';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { startHttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, startSpecRun, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { killableWorkers } from '../../testing/worker-process';

// A loop's worker is killed mid-loop: the items it had finished are not run again, and the rest
// complete on the next worker.

let env: RunEnvironment;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
let workers: ReturnType<typeof killableWorkers>;

beforeAll(async () => {
  // No worker in this process: the test runs the production worker as processes it can kill.
  env = await startRunEnvironment({}, { worker: false });
  workers = killableWorkers(env.services.config);
  // A little slower than at once, so the loop is still running when the worker dies.
  api = await startHttpTestServer((req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 15);
  });
});
afterAll(async () => {
  workers?.killAll();
  await api.close();
  await env.close();
});

it('completes a 200-item loop whose worker was killed mid-loop, running no finished item again', async () => {
  const spec: WorkflowSpec = {
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'each',
        type: 'for_each',
        name: 'Each item',
        config: { items: '{{ trigger.items }}', concurrency: 5, onItemError: 'stop', maxItems: 1000 },
      },
      {
        id: 'call',
        type: 'http_request',
        name: 'Call per item',
        loop: 'each',
        config: {
          method: 'POST',
          url: `${api.url}/item/{{ index }}`,
          headers: [],
          body: '{{ item }}',
          timeoutSeconds: 5,
        },
      },
    ],
    edges: [],
  };
  const { services } = env;
  const first = await workers.start();
  const items = Array.from({ length: 200 }, (_, i) => ({ i }));
  const { run, handle } = await startSpecRun(services, env.owner, spec, { items });
  const succeeded = async () =>
    (
      await services.models.Task.findAll({
        where: { workflowRunId: run.id, nodeId: { [Op.like]: 'call[%' }, taskStatus: 'success' },
      })
    ).map((t) => t.nodeId);

  await waitUntil('a third of the items have succeeded', async () => (await succeeded()).length >= 60, 60_000);
  await workers.kill(first);
  // Written before the worker died: these items must not reach the server again.
  const doneBeforeCrash = await succeeded();
  expect(doneBeforeCrash.length).toBeLessThan(200);

  const second = await workers.start();
  await handle.result();

  await run.reload();
  expect(run.runStatus).toBe('success');
  const calls = (index: number) => api.requests.filter((r) => r.url === `/item/${index}`).length;
  for (const nodeId of doneBeforeCrash) expect([nodeId, calls(Number(/\d+/.exec(nodeId)![0]))]).toEqual([nodeId, 1]);
  // Every item reached the server; one in flight when the worker died may have reached it twice.
  expect(items.filter((_, i) => calls(i) === 0)).toEqual([]);
  const tasks = await services.models.Task.findAll({ where: { workflowRunId: run.id } });
  expect(tasks.filter((t) => t.taskStatus !== 'success').map((t) => t.nodeId)).toEqual([]);
  expect(tasks).toHaveLength(1 + 200 + 200);
  second.child.kill('SIGTERM');
}, 180_000);
