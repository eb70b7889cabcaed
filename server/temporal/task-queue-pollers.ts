import type { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';

// CommonJS package: its namespaces are reachable through the default import only under ESM.
const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

/**
 * How recently a worker must have polled to count as up. An idle worker's pollers renew their
 * long poll about once a minute (the server's long-poll expiry), so a shorter window would report
 * healthy idle workers as gone; Temporal itself lists a stopped worker's pollers for 5 minutes.
 */
export const POLLED_WITHIN_MS = 90_000;

const kinds = [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY];

/**
 * How many workers (by identity) polled `taskQueue` for workflow or activity tasks within
 * POLLED_WITHIN_MS, from Temporal's task-queue description. Either kind counts: a worker whose
 * activity slots are all busy (long LLM calls, say) stops polling for activities meanwhile, yet is
 * alive and working. Throws, naming the task queue, when no worker polled at all: runs on that
 * queue would wait for nobody.
 */
export async function countPollingWorkers(
  connection: Connection,
  namespace: string,
  taskQueue: string,
): Promise<number> {
  const since = Date.now() - POLLED_WITHIN_MS;
  const pollers = await Promise.all(
    kinds.map(async (type) => {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: type,
      });
      return pollers.filter((poller) => (optionalTsToMs(poller.lastAccessTime) ?? 0) >= since);
    }),
  );
  const workers = new Set(pollers.flat().map((poller) => poller.identity)).size;
  if (workers === 0)
    throw new Error(`no worker polled task queue "${taskQueue}" in the last ${POLLED_WITHIN_MS / 1000} s`);
  return workers;
}
