import type { Models } from '../../core/db/models';
import type { TaskLogs } from '../../core/run/task-logs';

/** What templates read: the trigger payload, upstream outputs by node id, and the run's ids. */
export interface RunScope {
  trigger: unknown;
  nodes: Record<string, unknown>;
  run: { id: string; workflowId: string };
  [key: string]: unknown;
}

/** Loads the scope from PostgreSQL: outputs live there, not in Temporal history. */
export async function loadRunScope(models: Models, runId: string): Promise<RunScope> {
  const run = await models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true });
  const tasks = await models.Task.findAll({ where: { workflowRunId: runId, taskStatus: 'success' } });
  const nodes = Object.fromEntries(tasks.map((t) => [t.nodeId, (t.logs as TaskLogs).output ?? null]));
  return { trigger: run.inputPayload ?? {}, nodes, run: { id: run.id, workflowId: run.workflowId } };
}
