import type { Sequelize } from 'sequelize';
import { preparedStatement, runPrepared } from '../db/prepared-statement';
import type { RunOutcome } from './run-contract';
import { runFinishedChannel } from './run-finished';

// The one way a run's row ends: the worker's at the run's end, and the API's for a run whose
// Temporal execution closed without the worker ending it (terminated by hand, say).

/** What a run's summary says of the tasks `cancelUnfinished` ended. */
export const unfinishedCancelled = 'its unfinished nodes were cancelled';

export interface EndRunInput {
  runId: string;
  status: RunOutcome;
  /**
   * Marks the tasks that have not ended cancelled: the run was cancelled, passed its limit, or its
   * execution is gone.
   */
  cancelUnfinished: boolean;
  /** Why the run ended outside its nodes, for its page (the summary's `error`); null when its nodes tell. */
  error: string | null;
  /** More for the summary: the run passed its time limit, or how Temporal closed its execution. */
  summary?: { timedOut?: true; execution?: string };
  /**
   * Ends only a run that has not ended: the API's way, so that it never overwrites what the worker
   * recorded. The worker ends the run again when an activity runs again, and counts it once.
   */
  onlyUnended: boolean;
}

const endStatement = preparedStatement<
  'runId' | 'status' | 'cancelUnfinished' | 'summary' | 'onlyUnended',
  { firstEnd: boolean }
>(
  'end-run',
  `WITH target AS (
       SELECT id, finished_at FROM workflow_runs
        WHERE id = CAST(:runId AS uuid) AND (NOT CAST(:onlyUnended AS boolean) OR run_status IN ('pending', 'running'))
        FOR NO KEY UPDATE
     ), cancelled AS (
       UPDATE tasks SET task_status = 'cancelled', finished_at = now()
        WHERE workflow_run_id = (SELECT id FROM target) AND CAST(:cancelUnfinished AS boolean) AND task_status IN ('pending', 'running')
        RETURNING node_id
     ), summary AS (
       SELECT coalesce(jsonb_object_agg(t.node_id, CASE WHEN c.node_id IS NULL THEN t.task_status ELSE 'cancelled' END), '{}') AS nodes,
              coalesce(jsonb_agg(jsonb_build_object('nodeId', t.node_id, 'error', coalesce(t.logs -> 'error' ->> 'message', 'failed')))
                FILTER (WHERE t.task_status = 'failed'), '[]') AS failures
         FROM tasks t LEFT JOIN cancelled c ON c.node_id = t.node_id
        WHERE t.workflow_run_id = CAST(:runId AS uuid) AND strpos(t.node_id, '[') = 0
     )
     UPDATE workflow_runs r
        SET run_status = CAST(:status AS text), finished_at = now(),
            result_summary = jsonb_build_object('status', CAST(:status AS text), 'nodes', s.nodes, 'failures', s.failures,
              'durationMs', round(extract(epoch FROM now() - r.started_at) * 1000)) || CAST(:summary AS jsonb)
       FROM summary s, target e
      WHERE r.id = e.id AND (NOT CAST(:onlyUnended AS boolean) OR r.run_status IN ('pending', 'running'))
     RETURNING pg_notify('${runFinishedChannel}', r.id::text), e.finished_at IS NULL AS "firstEnd"`,
);

/**
 * Ends the run with a summary of its tasks, in one statement. The summary names the nodes of the
 * top level: a loop's items and their rows (keyed with brackets, `taskKey`) are the loop's to tell.
 * A statement's parts see the rows as they were before it, so the summary counts the tasks it
 * cancels as cancelled itself. The run's row is locked first (as an update of it would, so a
 * foreign key's check is not held up): an end committed meanwhile by another (the worker, the API's
 * sweep) is seen, so `onlyUnended` then touches nothing, tasks included, and `firstEnd` is false.
 * Its commit notifies `runFinishedChannel`, for callers waiting on the run (a webhook delivered
 * with `?wait=`) and runs waiting behind it. Null when `onlyUnended` found the run ended already;
 * else whether this was the run's first end.
 */
export async function endRun(sequelize: Sequelize, input: EndRunInput): Promise<{ firstEnd: boolean } | null> {
  const [ended] = await runPrepared(sequelize, endStatement, {
    runId: input.runId,
    status: input.status,
    cancelUnfinished: input.cancelUnfinished,
    onlyUnended: input.onlyUnended,
    summary: JSON.stringify({ ...input.summary, ...(input.error === null ? {} : { error: input.error }) }),
  });
  return ended ? { firstEnd: ended.firstEnd } : null;
}
