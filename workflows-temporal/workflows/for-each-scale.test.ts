import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loopBatchWorkflowId } from '../../core/run/run-contract';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { startRunEnvironment, startSpecRun, type RunEnvironment } from '../../testing/run-environment';
import { spawnWorkerProcess } from '../../testing/worker-process';
import { itemsPerBatch } from './for-each';

// A loop over 10,000 items of a cheap body completes within Temporal's history limits, on the
// production worker in its own process, whose peak memory the test reports.

const ITEMS = 10_000;
/** Temporal's dev server warns past this many events in one history (and refuses past 51,200). */
const HISTORY_WARNING_EVENTS = 10_240;

let env: RunEnvironment;
let worker: ReturnType<typeof spawnWorkerProcess>;

beforeAll(async () => {
  env = await startRunEnvironment({}, { worker: false });
  worker = spawnWorkerProcess(env.services.config);
  await worker.ready;
});
afterAll(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
  await env?.close();
});

/** The peak resident memory of a process, from Linux's /proc (VmHWM), in MiB. */
const peakMiB = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

it(`runs a loop over ${ITEMS.toLocaleString('en')} items within history limits and bounded memory`, async () => {
  const spec: WorkflowSpec = {
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'each',
        type: 'for_each',
        name: 'Each number',
        config: { items: '{{ trigger.numbers }}', concurrency: 20, onItemError: 'stop', maxItems: ITEMS },
      },
      {
        id: 'double',
        type: 'transform',
        name: 'Double it',
        loop: 'each',
        config: { fields: [{ name: 'twice', value: '{{ item * 2 }}' }] },
      },
      {
        id: 'total',
        type: 'transform',
        name: 'Count',
        config: { fields: [{ name: 'succeeded', value: '{{ nodes.each.succeeded }}' }] },
      },
    ],
    edges: [['each', 'total']],
  };
  const { services } = env;
  const numbers = Array.from({ length: ITEMS }, (_, i) => i);
  const { run, handle } = await startSpecRun(services, env.owner, spec, { numbers });
  await handle.result();
  await run.reload();
  expect(run.runStatus).toBe('success');

  const total = await services.models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'total' } });
  expect(total!.logs).toMatchObject({ output: { succeeded: ITEMS } });
  const loop = await services.models.Task.findOne({ where: { workflowRunId: run.id, nodeId: 'each' } });
  const { results } = (loop!.logs as { output: { results: Array<{ output: { double: { twice: number } } }> } }).output;
  expect(results).toHaveLength(ITEMS);
  expect(results[9_999]!.output.double.twice).toBe(19_998);

  const batch = itemsPerBatch(1);
  const executions = [
    handle,
    ...Array.from({ length: Math.ceil(ITEMS / batch) }, (_, i) =>
      services.temporal.client.workflow.getHandle(loopBatchWorkflowId(run.id, 'each', i * batch)),
    ),
  ];
  const histories = await Promise.all(
    executions.map(async (execution) => {
      const { historyLength, raw } = await execution.describe();
      return { events: historyLength, bytes: Number(raw.workflowExecutionInfo?.historySizeBytes ?? 0) };
    }),
  );
  const largest = histories.reduce((a, b) => (b.events > a.events ? b : a));
  const peak = peakMiB(worker.child.pid!);
  console.log(
    `${ITEMS} items in ${histories.length - 1} batches: largest history ${largest.events} events ` +
      `(${(largest.bytes / 1024).toFixed(0)} KiB), the run's own ${histories[0]!.events}; worker peak RSS ${peak.toFixed(0)} MiB`,
  );
  expect(largest.events).toBeLessThan(HISTORY_WARNING_EVENTS);
}, 600_000);
