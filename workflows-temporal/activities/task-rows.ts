import type { TaskStatus } from '../../core/db/enums';
import type { Models } from '../../core/db/models';
import { preparedStatement, runPrepared } from '../../core/db/prepared-statement';
import { storableLogs, type TaskLogs } from '../../core/run/task-logs';
import type { PlannedSample } from '../../core/run/test-plan';
import type { RunScope } from './run-scope';
import type { TestAttempt } from './node-context';
import type { SpecNode } from '../../core/spec/spec.schema';
import { taskKey } from '../../core/spec/spec-graph';

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
  WHERE t.workflow_run_id = CAST(:runId AS uuid) AND t.node_id = CAST(:nodeId AS text)`;

const taskStatement = preparedStatement<'runId' | 'nodeId', TaskRow>('load-task', `SELECT ${taskColumns} ${taskOfRun}`);

function missing(runId: string, nodeId: string): Error {
  return new Error(`run ${runId} has no task for node "${nodeId}"`);
}

/** A node's task and whether its run still waits to be marked running. */
export async function loadTask(models: Models, runId: string, nodeId: string): Promise<TaskRow> {
  const [row] = await runPrepared(models.Task.sequelize!, taskStatement, { runId, nodeId });
  if (!row) throw missing(runId, nodeId);
  return row;
}

/** Where a node attempt runs: its node, and the item it runs for (one index per loop around it). */
export interface AttemptPlace {
  runId: string;
  node: Pick<SpecNode, 'id' | 'loop'>;
  path?: readonly number[];
}

type AttemptRow = TaskRow & {
  trigger: unknown;
  workflowId: string;
  nodes: Record<string, unknown>;
  item: unknown;
  testing: boolean;
  sample: PlannedSample | null;
};
const attemptStatement = preparedStatement<'runId' | 'nodeId' | 'specNodeId' | 'keys' | 'itemKey', AttemptRow>(
  'load-attempt',
  `SELECT ${taskColumns}, r.input_payload AS trigger, r.workflow_id AS "workflowId",
     r.test_plan IS NOT NULL AS testing, r.test_plan -> 'samples' -> CAST(:specNodeId AS text) AS sample,
     (SELECT coalesce(jsonb_object_agg(k.value, CASE WHEN u.task_status = 'success' THEN u.logs -> 'output'
               ELSE jsonb_build_object('error', jsonb_build_object(
                 'message', coalesce(u.logs -> 'error' ->> 'message', 'failed'),
                 'type', coalesce(u.logs -> 'error' ->> 'type', 'NodeFailed'),
                 'attempts', u.attempt_count)) END), '{}')
        FROM jsonb_each_text(CAST(:keys AS jsonb)) k
        JOIN tasks u ON u.workflow_run_id = r.id AND u.node_id = k.key
       WHERE u.task_status IN ('success', 'failed')) AS nodes,
     (SELECT i.logs -> 'item' FROM tasks i WHERE i.workflow_run_id = r.id AND i.node_id = CAST(:itemKey AS text)) AS item
   ${taskOfRun}`,
);

/**
 * A node's task together with the data its templates read: the trigger payload, and the outputs
 * of only the upstream nodes in `reads` (not every finished node's, which grow with the run). A
 * node that failed reads as `{ error: { message, type, attempts } }`, for its error handler. In a
 * loop body, `reads` resolve to the rows of the same item (a node keys its rows by the loops around
 * it: `taskKey`), and the scope holds the item and its index. In a test run, `test` holds the node's
 * planned sample (test-plan.ts); it is null in a real run.
 */
export async function loadAttempt(
  models: Models,
  { runId, node, path = [] }: AttemptPlace,
  reads: string[],
): Promise<{ task: TaskRow; scope: RunScope; test: TestAttempt | null }> {
  // Each read node has rows at one depth only, so of its keys for the item's enclosing paths
  // exactly one can exist; the object maps each key to the id templates name.
  const keys: Record<string, string> = {};
  for (const id of reads)
    for (let depth = 0; depth <= path.length; depth++) keys[taskKey(id, path.slice(0, depth))] = id;
  const itemKey = node.loop === undefined ? null : taskKey(node.loop, path);
  const [row] = await runPrepared(models.Task.sequelize!, attemptStatement, {
    runId,
    nodeId: taskKey(node.id, path),
    specNodeId: node.id,
    keys: JSON.stringify(keys),
    itemKey,
  });
  if (!row) throw missing(runId, taskKey(node.id, path));
  const { trigger, workflowId, nodes, item, testing, sample, ...task } = row;
  const scope: RunScope = { trigger: trigger ?? {}, nodes, run: { id: runId, workflowId } };
  return {
    task,
    scope: itemKey === null ? scope : { ...scope, item: item ?? null, index: path.at(-1) ?? 0 },
    test: testing ? { sample } : null,
  };
}

export interface TaskChange {
  taskStatus: TaskStatus;
  logs: TaskLogs;
  attemptCount?: number;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

/** A column the change leaves alone (undefined) keeps its value; null clears it. */
function given<T>(value: T | undefined): { set: boolean; value: T | null } {
  return { set: value !== undefined, value: value ?? null };
}

const writeStatement = preparedStatement<
  | 'runId'
  | 'nodeId'
  | 'runPending'
  | 'now'
  | 'terminal'
  | 'taskStatus'
  | 'logs'
  | 'setAttemptCount'
  | 'attemptCount'
  | 'setStartedAt'
  | 'startedAt'
  | 'setFinishedAt'
  | 'finishedAt',
  { written: number }
>(
  'write-task',
  `WITH task AS (
     UPDATE tasks SET task_status = CAST(:taskStatus AS text), logs = CAST(:logs AS jsonb),
            attempt_count = CASE WHEN CAST(:setAttemptCount AS boolean) THEN CAST(:attemptCount AS integer) ELSE attempt_count END,
            started_at = CASE WHEN CAST(:setStartedAt AS boolean) THEN CAST(:startedAt AS timestamptz) ELSE started_at END,
            finished_at = CASE WHEN CAST(:setFinishedAt AS boolean) THEN CAST(:finishedAt AS timestamptz) ELSE finished_at END
      WHERE workflow_run_id = CAST(:runId AS uuid) AND node_id = CAST(:nodeId AS text)
        AND task_status <> ALL (CAST(:terminal AS text[]))
      RETURNING 1
   ), run AS (
     UPDATE workflow_runs SET run_status = 'running', started_at = CAST(:now AS timestamptz)
      WHERE CAST(:runPending AS boolean) AND id = CAST(:runId AS uuid) AND run_status = 'pending'
   )
   SELECT CAST(count(*) AS integer) AS written FROM task`,
);

/**
 * Moves a task on, unless it has already ended (a run cancelled meanwhile keeps its `cancelled`);
 * false when it had. The run's first task write (`runPending`, as the task was read) also marks the
 * run running. One statement, so one round trip and one commit: this is every attempt's write, and
 * Sequelize's `Model.update` cost more CPU than the database did.
 */
export async function writeTask(
  models: Models,
  runId: string,
  nodeId: string,
  runPending: boolean,
  change: TaskChange,
): Promise<boolean> {
  const attemptCount = given(change.attemptCount);
  const startedAt = given(change.startedAt);
  const finishedAt = given(change.finishedAt);
  const [row] = await runPrepared(models.Task.sequelize!, writeStatement, {
    runId,
    nodeId,
    runPending,
    now: new Date(),
    terminal: terminalStatuses,
    taskStatus: change.taskStatus,
    logs: JSON.stringify(storableLogs(change.logs)),
    setAttemptCount: attemptCount.set,
    attemptCount: attemptCount.value,
    setStartedAt: startedAt.set,
    startedAt: startedAt.value,
    setFinishedAt: finishedAt.set,
    finishedAt: finishedAt.value,
  });
  return (row?.written ?? 0) > 0;
}
