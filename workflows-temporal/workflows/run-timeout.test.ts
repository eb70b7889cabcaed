import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { validateSpec } from '../../core/spec/validate-spec';
import { runToEnd, startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';

// `settings.timeoutSeconds`: a run past its time limit ends failed, its unfinished nodes cancelled,
// a loop's batches and items included.

let env: RunEnvironment;

beforeAll(async () => {
  env = await startRunEnvironment();
});
afterAll(async () => {
  await env?.close();
});

it('fails a run that passes its time limit and cancels what had not finished, inside loops too', async () => {
  const checked = validateSpec(
    {
      trigger: { type: 'manual' },
      settings: { timeoutSeconds: 5 },
      nodes: [
        { id: 'quick', type: 'transform', name: 'Quick', config: { fields: [{ name: 'ok', value: 'yes' }] } },
        { id: 'each', type: 'for_each', name: 'Each', config: { items: '{{ trigger.list }}', concurrency: 2 } },
        { id: 'nap', type: 'delay', name: 'Nap', loop: 'each', config: { seconds: 120 } },
        { id: 'after', type: 'transform', name: 'After', config: { fields: [{ name: 'x', value: '1' }] } },
      ],
      edges: [
        ['quick', 'each'],
        ['each', 'after'],
      ],
    },
    { ownerId: env.owner.id, connectors: null },
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const spec: WorkflowSpec = checked.spec;
  const started = Date.now();
  const { run, outcome, task, tasks } = await runToEnd(env.services, env.owner, spec, { list: [1, 2, 3] });
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(outcome).toBe('failed: the run passed its time limit of 5 s');
  expect(run.runStatus).toBe('failed');
  expect(run.resultSummary).toMatchObject({
    timedOut: true,
    error: 'The run passed its time limit of 5 s; its unfinished nodes were cancelled.',
  });
  expect(task('quick').taskStatus).toBe('success');
  expect(task('each').taskStatus).toBe('cancelled');
  expect(task('after').taskStatus).toBe('cancelled');
  expect(task('nap[0]').taskStatus).toBe('cancelled');
  expect(tasks.filter((t) => ['pending', 'running'].includes(t.taskStatus))).toEqual([]);
}, 90_000);
