import { expect } from 'vitest';
import type { Models } from '../core/db/models';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import type { HttpTestServer } from './http-test-server';

/**
 * A run for the crash tests: an HTTP call to `targetUrl`, a durable wait of 3 s (the moment to kill
 * the process the run is on: the wait task is `running`), then another HTTP call.
 */
export function crashSpec(targetUrl: string): WorkflowSpec {
  return {
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'before',
        type: 'http_request',
        name: 'Before the crash',
        config: { method: 'POST', url: `${targetUrl}/before`, headers: [], body: '{{ trigger }}', timeoutSeconds: 5 },
      },
      { id: 'wait', type: 'delay', name: 'Durable wait', config: { seconds: 3 } },
      {
        id: 'after',
        type: 'http_request',
        name: 'After the crash',
        config: { method: 'GET', url: `${targetUrl}/after`, headers: [], timeoutSeconds: 5 },
      },
    ],
    edges: [
      ['before', 'wait'],
      ['wait', 'after'],
    ],
  };
}

/** Whether a run of `crashSpec` ended well with each node run once: none that had finished ran again. */
export async function expectEachNodeRanOnce(models: Models, runId: string, target: HttpTestServer): Promise<void> {
  const run = await models.WorkflowRun.findByPk(runId);
  expect(run?.runStatus).toBe('success');
  const tasks = await models.Task.findAll({ where: { workflowRunId: runId } });
  expect(tasks.map((t) => [t.nodeId, t.taskStatus, t.attemptCount]).sort()).toEqual([
    ['after', 'success', 1],
    ['before', 'success', 1],
    ['wait', 'success', 1],
  ]);
  // The node that had finished before the crash reached the server exactly once.
  expect(target.requests.filter((r) => r.url === '/before')).toHaveLength(1);
  expect(target.requests.filter((r) => r.url === '/after')).toHaveLength(1);
}
