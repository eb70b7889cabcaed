import { Op, QueryTypes } from 'sequelize';
import type { TaskStatus } from '../../core/db/enums';
import type { Models } from '../../core/db/models';
import { storableLogs, type TaskLogs } from '../../core/run/task-logs';
import type { RunScope } from './run-scope';

// A task row as one attempt or bookkeeping step reads and writes it: one query in, one update out.
// Outputs live in PostgreSQL, not in Temporal history, so this is where a node's inputs come from.

export const terminalStatuses: readonly TaskStatus[] = ['success', 'failed', 'skipped', 'cancelled'];

export interface TaskRow {
  status: TaskStatus;
  attemptCount: number;
  logs: TaskLogs;
  startedAt: Date | null;
  /** The run has not been marked running yet: this is its first task write. */
  runPending: boolean;
}

const taskColumns = `t.task_status AS status, t.attempt_count AS "attemptCount", t.logs, t.started_at AS "startedAt",
  r.run_status = 'pending' AS "runPending"`;
const taskOfRun = `FROM tasks t JOIN workflow_runs r ON r.id = t.workflow_run_id
  WHERE t.workflow_run_id = :runId AND t.node_id = :nodeId`;

function missing(runId: string, nodeId: string): Error {
  return new Error(`run ${runId} has no task for node "${nodeId}"`);
}

/** A node's task and whether its run still waits to be marked running. */
export async function loadTask(models: Models, runId: string, nodeId: string): Promise<TaskRow> {
  const [row] = await models.Task.sequelize!.query<TaskRow>(`SELECT ${taskColumns} ${taskOfRun}`, {
    replacements: { runId, nodeId },
    type: QueryTypes.SELECT,
  });
  if (!row) throw missing(runId, nodeId);
  return row;
}

/**
 * A node's task together with the data its templates read: the trigger payload, and the outputs
 * of only the upstream nodes in `reads` (not every finished node's, which grow with the run).
 */
export async function loadAttempt(
  models: Models,
  runId: string,
  nodeId: string,
  reads: string[],
): Promise<{ task: TaskRow; scope: RunScope }> {
  const [row] = await models.Task.sequelize!.query<
    TaskRow & { trigger: unknown; workflowId: string; nodes: Record<string, unknown> }
  >(
    `SELECT ${taskColumns}, r.input_payload AS trigger, r.workflow_id AS "workflowId",
       (SELECT coalesce(jsonb_object_agg(u.node_id, u.logs -> 'output'), '{}')
          FROM tasks u
         WHERE u.workflow_run_id = r.id AND u.task_status = 'success'
           AND u.node_id IN (SELECT jsonb_array_elements_text(CAST(:reads AS jsonb)))) AS nodes
     ${taskOfRun}`,
    { replacements: { runId, nodeId, reads: JSON.stringify(reads) }, type: QueryTypes.SELECT },
  );
  if (!row) throw missing(runId, nodeId);
  const { trigger, workflowId, nodes, ...task } = row;
  return { task, scope: { trigger: trigger ?? {}, nodes, run: { id: runId, workflowId } } };
}

export interface TaskChange {
  taskStatus: TaskStatus;
  logs: TaskLogs;
  attemptCount?: number;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

/**
 * Moves a task on with one UPDATE, unless it has already ended (a run cancelled meanwhile keeps its
 * `cancelled`); false when it had. The run's first task write (`runPending`, as the task was read)
 * also marks the run running, beside it.
 */
export async function writeTask(
  models: Models,
  runId: string,
  nodeId: string,
  runPending: boolean,
  change: TaskChange,
): Promise<boolean> {
  const [[written]] = await Promise.all([
    models.Task.update(
      { ...change, logs: storableLogs(change.logs) },
      { where: { workflowRunId: runId, nodeId, taskStatus: { [Op.notIn]: [...terminalStatuses] } } },
    ),
    runPending
      ? models.WorkflowRun.update(
          { runStatus: 'running', startedAt: new Date() },
          { where: { id: runId, runStatus: 'pending' } },
        )
      : null,
  ]);
  return written > 0;
}
