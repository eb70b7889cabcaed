import { Op } from 'sequelize';
import type { AppServices } from '../../server/app-services';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { startHttpTestServer, type HttpTestServer } from '../http-test-server';

/** The run the chaos run repeats: an HTTP call, a durable wait, another HTTP call. */
export function chaosSpec(counterUrl: string, delaySeconds: number): WorkflowSpec {
  const post = (id: string, name: string) =>
    ({
      id,
      type: 'http_request',
      name,
      config: { method: 'POST', url: `${counterUrl}/${id}`, headers: [], body: '{{ trigger }}', timeoutSeconds: 10 },
    }) satisfies WorkflowSpec['nodes'][number];
  return {
    trigger: { type: 'manual' },
    nodes: [
      post('fetch', 'Fetch'),
      { id: 'wait', type: 'delay', name: 'Wait', config: { seconds: delaySeconds } },
      post('notify', 'Notify'),
    ],
    edges: [
      ['fetch', 'wait'],
      ['wait', 'notify'],
    ],
  };
}

/** A loopback server that answers every call after `holdMs`, so kills land while calls are open. */
export function startCounterServer(holdMs: number): Promise<HttpTestServer> {
  return startHttpTestServer((_request, response) => {
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), holdMs);
  });
}

/** Per node path: calls that reached the server, and how many repeated a call of the same run. */
export function countCalls(server: HttpTestServer, nodeId: string) {
  const bodies = server.requests.filter((r) => r.url === `/${nodeId}`).map((r) => r.body);
  return { calls: bodies.length, duplicated: bodies.length - new Set(bodies).size };
}

/**
 * When a node of any run completed after `since` (what "recovered" means here); `idle` when no run
 * is left unfinished to complete one (they all ended while the service was going down), or null
 * after `timeoutMs`. PostgreSQL may be down meanwhile: a failed look is just tried again.
 */
export async function nextNodeCompletion(
  services: AppServices,
  since: Date,
  timeoutMs: number,
): Promise<Date | 'idle' | null> {
  const { Task, WorkflowRun } = services.models;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const task = await Task.findOne({
        where: { taskStatus: 'success', finishedAt: { [Op.gt]: since } },
        order: [['finishedAt', 'ASC']],
      });
      if (task) return task.finishedAt!;
      if ((await WorkflowRun.count({ where: { runStatus: ['pending', 'running'] } })) === 0) return 'idle';
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (lastError) console.error('[chaos] no node completed; the last look at the tasks failed:', lastError);
  return null;
}
