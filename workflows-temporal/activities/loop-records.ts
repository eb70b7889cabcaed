import { QueryTypes } from 'sequelize';
import { withStorableText } from '../../core/db/storable';
import { asNodeError, NodeError, toApplicationFailure } from '../../core/run/node-error';
import { storableLogs, withEntry } from '../../core/run/task-logs';
import { nodesRead } from '../../core/spec/node-references';
import { taskKey } from '../../core/spec/spec-graph';
import type { SpecNode } from '../../core/spec/spec.schema';
import { MAX_OUTPUT_BYTES } from './bounded-output';
import type { ActivityDeps } from './node-context';
import { nodeTemplates } from './nodes/render';
import { loadAttempt, loadTask, terminalStatuses, writeTask } from './task-rows';

// A loop's bookkeeping (decision 0009). The loop's own task row holds its progress and results;
// each item has a row keyed `<loop>[i]` holding the item, its status and its body's outputs; each
// body node has a row per item, `<node>[i]` (`[i][j]` in a loop inside a loop). Every function is
// idempotent, like the run's other bookkeeping: Temporal may run one again after a crash.

type ForEachNode = Extract<SpecNode, { type: 'for_each' }>;

/** Largest total of item outputs a loop's results carry; past it, results keep each item's status only. */
export const MAX_LOOP_OUTPUT_BYTES = 2 * 1024 * 1024;

export interface BeginLoopInput {
  runId: string;
  ownerId: string;
  node: ForEachNode;
  /** The item of the loops around this one; empty for a loop at the top level. */
  path: number[];
}

function itemList(value: unknown, node: ForEachNode): unknown[] {
  if (!Array.isArray(value)) {
    const kind = value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    throw new NodeError(`items gave ${kind}, not a list`, 'LoopItemsNotAList', false);
  }
  if (value.length > node.config.maxItems)
    throw new NodeError(
      `items gave ${value.length} items; this loop takes at most ${node.config.maxItems} (maxItems)`,
      'TooManyItems',
      false,
    );
  return value;
}

/**
 * Freezes the loop's list: renders `items` and stores each item in its own row, in the same
 * statement that marks the loop running with the count. An attempt repeated after a crash finds
 * the count and reads nothing again, so the items a loop runs are those it started with.
 */
export async function beginLoop({ models }: ActivityDeps, input: BeginLoopInput): Promise<{ count: number }> {
  const { runId, node, path } = input;
  const key = taskKey(node.id, path);
  const { task, scope } = await loadAttempt(models, { runId, node, path }, nodesRead(node));
  if (task.logs.itemCount !== undefined) return { count: task.logs.itemCount };
  if (terminalStatuses.includes(task.status)) return { count: 0 };
  const now = new Date();
  let items: unknown[];
  try {
    items = itemList(nodeTemplates(scope).render(node.config.items, 'items'), node);
  } catch (thrown) {
    // A list that cannot be read stays so: no retry.
    const error = asNodeError(thrown);
    await writeTask(models, runId, key, task.runPending, {
      taskStatus: 'failed',
      attemptCount: 1,
      startedAt: now,
      finishedAt: now,
      logs: {
        ...withEntry(task.logs, 'error', error.message),
        error: { message: error.message, type: error.type, retryable: false },
      },
    });
    throw toApplicationFailure(new NodeError(error.message, error.type, false));
  }
  const logs = withEntry(task.logs, 'info', `${items.length} item${items.length === 1 ? '' : 's'}, frozen`);
  await models.Task.sequelize!.query(
    `WITH items AS (
       SELECT ordinality - 1 AS i, value FROM jsonb_array_elements(CAST(:items AS jsonb)) WITH ORDINALITY
     ), inserted AS (
       INSERT INTO tasks (workflow_run_id, node_id, logs)
       SELECT :runId, :key || '[' || i || ']', jsonb_build_object('item', value) FROM items
       ON CONFLICT (workflow_run_id, node_id) DO NOTHING
     ), loop AS (
       UPDATE tasks SET task_status = 'running', logs = CAST(:logs AS jsonb), attempt_count = 1, started_at = :now
        WHERE workflow_run_id = :runId AND node_id = :key AND task_status NOT IN (:terminal)
     )
     UPDATE workflow_runs SET run_status = 'running', started_at = :now
      WHERE :runPending AND id = :runId AND run_status = 'pending'`,
    {
      replacements: {
        runId,
        key,
        now,
        runPending: task.runPending,
        terminal: terminalStatuses,
        items: JSON.stringify(withStorableText(items).value),
        logs: JSON.stringify(storableLogs({ ...logs, itemCount: items.length })),
      },
    },
  );
  return { count: items.length };
}

export interface BeginBatchInput {
  runId: string;
  loopId: string;
  /** The loop's body nodes (not those of a loop inside it: that loop makes its own). */
  nodeIds: string[];
  path: number[];
  from: number;
  to: number;
}

/**
 * Creates the body's task rows for the batch's items, pending, and returns the items that have
 * ended already: those a resumed run took from the run it resumes, which the batch skips.
 */
export async function beginBatch({ models }: ActivityDeps, input: BeginBatchInput): Promise<{ ended: number[] }> {
  const rows = await models.Task.sequelize!.query<{ index: number }>(
    `WITH created AS (
       INSERT INTO tasks (workflow_run_id, node_id)
       SELECT :runId, n.id || :suffix || '[' || g || ']'
         FROM jsonb_array_elements_text(CAST(:nodeIds AS jsonb)) AS n(id), generate_series(:from, :to - 1) g
       ON CONFLICT (workflow_run_id, node_id) DO NOTHING
     )
     SELECT g AS index
       FROM generate_series(:from, :to - 1) g
       JOIN tasks t ON t.workflow_run_id = :runId AND t.node_id = :loopKey || '[' || g || ']'
      WHERE t.task_status IN (:terminal)
      ORDER BY g`,
    {
      replacements: {
        runId: input.runId,
        loopKey: taskKey(input.loopId, input.path),
        suffix: taskKey('', input.path),
        nodeIds: JSON.stringify(input.nodeIds),
        from: input.from,
        to: input.to,
        terminal: terminalStatuses,
      },
      type: QueryTypes.SELECT,
    },
  );
  return { ended: rows.map((row) => row.index) };
}

export interface FinishItemInput {
  runId: string;
  loopId: string;
  /** The item: the indexes of the loops around the loop, then its own index. */
  path: number[];
  /** The loop's body nodes. */
  nodeIds: string[];
  /** The body nodes whose failure nothing handled: the item failed. */
  failedNodes: string[];
}

/**
 * Ends an item's row: its status, when its body started, and its body's outputs by node id
 * (bounded like any task's), or what failed it.
 */
export async function finishItem({ models }: ActivityDeps, input: FinishItemInput): Promise<void> {
  const { runId, path } = input;
  const keys = Object.fromEntries(input.nodeIds.map((id) => [taskKey(id, path), id]));
  const failed = input.failedNodes.length > 0;
  await models.Task.sequelize!.query(
    `WITH body AS (
       SELECT k.value AS id, u.task_status AS status, u.logs, u.started_at
         FROM jsonb_each_text(CAST(:keys AS jsonb)) k
         JOIN tasks u ON u.workflow_run_id = :runId AND u.node_id = k.key
     ), outputs AS (
       SELECT coalesce(jsonb_object_agg(id, logs -> 'output') FILTER (WHERE status = 'success'), '{}') AS output,
              string_agg(id || ': ' || coalesce(logs -> 'error' ->> 'message', 'failed'), '; ')
                FILTER (WHERE id IN (SELECT jsonb_array_elements_text(CAST(:failedNodes AS jsonb)))) AS error,
              min(started_at) AS started_at
         FROM body
     )
     UPDATE tasks t
        SET task_status = :status, attempt_count = 1, started_at = coalesce(o.started_at, now()), finished_at = now(),
            logs = t.logs || CASE WHEN octet_length(CAST(o.output AS text)) > :maxBytes
                   THEN jsonb_build_object('output', jsonb_build_object('preview', left(CAST(o.output AS text), :maxBytes / 2)),
                                           'outputTruncated', true)
                   ELSE jsonb_build_object('output', o.output) END
                 || CASE WHEN :failed THEN jsonb_build_object('error', jsonb_build_object(
                      'message', coalesce(o.error, 'failed'), 'type', 'ItemFailed', 'retryable', false))
                    ELSE '{}' END
       FROM outputs o
      WHERE t.workflow_run_id = :runId AND t.node_id = :itemKey AND t.task_status NOT IN (:terminal)`,
    {
      replacements: {
        runId,
        keys: JSON.stringify(keys),
        failedNodes: JSON.stringify(input.failedNodes),
        failed,
        status: failed ? 'failed' : 'success',
        maxBytes: MAX_OUTPUT_BYTES,
        itemKey: taskKey(input.loopId, path),
        terminal: terminalStatuses,
      },
    },
  );
}

export interface FinishLoopInput {
  runId: string;
  nodeId: string;
  path: number[];
  count: number;
  /** The body's nodes, whose rows for items that never ran are marked skipped. */
  nodeIds: string[];
  /** `onItemError` is "stop": a failed item fails the loop. */
  stopped: boolean;
}

/**
 * Ends the loop: items that never ran (after a failure, with "stop") are marked skipped, with
 * their body rows, and the loop's row gets its counts and results in input order. Returns the
 * loop's failure, or null when it succeeded.
 */
export async function finishLoop({ models }: ActivityDeps, input: FinishLoopInput): Promise<{ error: string | null }> {
  const key = taskKey(input.nodeId, input.path);
  const [row] = await models.Task.sequelize!.query<{ error: string | null }>(
    `WITH keys AS (
       SELECT g AS i, :key || '[' || g || ']' AS node_id FROM generate_series(0, :count - 1) g
     ), skipped AS (
       UPDATE tasks t SET task_status = 'skipped', finished_at = now()
         FROM keys k
        WHERE t.workflow_run_id = :runId AND t.node_id = k.node_id AND t.task_status = 'pending'
        RETURNING k.i
     ), skipped_body AS (
       UPDATE tasks t SET task_status = 'skipped', finished_at = now()
         FROM skipped s, jsonb_array_elements_text(CAST(:nodeIds AS jsonb)) AS n(id)
        WHERE t.workflow_run_id = :runId AND t.node_id = n.id || :suffix || '[' || s.i || ']'
          AND t.task_status = 'pending'
     ), items AS (
       SELECT k.i, CASE WHEN s.i IS NULL THEN t.task_status ELSE 'skipped' END AS status, t.logs
         FROM keys k
         JOIN tasks t ON t.workflow_run_id = :runId AND t.node_id = k.node_id
         LEFT JOIN skipped s ON s.i = k.i
     ), counts AS (
       SELECT count(*) FILTER (WHERE status = 'success') AS succeeded,
              count(*) FILTER (WHERE status = 'failed') AS failed,
              count(*) FILTER (WHERE status = 'skipped') AS skipped,
              coalesce(sum(octet_length(CAST(logs -> 'output' AS text))) FILTER (WHERE status = 'success'), 0) <= :maxBytes
                AS outputs_kept,
              (SELECT 'item ' || i || ' failed: ' || coalesce(logs -> 'error' ->> 'message', 'failed')
                 FROM items WHERE status = 'failed' ORDER BY i LIMIT 1) AS first_error
         FROM items
     ), results AS (
       SELECT coalesce(jsonb_agg(jsonb_build_object(
                'status', status,
                'output', CASE WHEN status = 'success' AND c.outputs_kept THEN logs -> 'output' END,
                'error', CASE WHEN status = 'failed' THEN coalesce(logs -> 'error' ->> 'message', 'failed') END)
              ORDER BY i), '[]') AS list
         FROM items, counts c
     ), ended AS (
       SELECT c.*, r.list, :stopped AND c.failed > 0 AS loop_failed FROM counts c, results r
     )
     UPDATE tasks t
        SET task_status = CASE WHEN e.loop_failed THEN 'failed' ELSE 'success' END, finished_at = now(),
            logs = t.logs
              || jsonb_build_object(
                   'output', jsonb_build_object('count', :count, 'succeeded', e.succeeded, 'failed', e.failed,
                                                'skipped', e.skipped, 'results', e.list),
                   'outputTruncated', NOT e.outputs_kept,
                   'entries', coalesce(t.logs -> 'entries', '[]') || jsonb_build_array(jsonb_build_object(
                     'at', now(), 'level', CASE WHEN e.failed > 0 THEN 'error' ELSE 'info' END,
                     'message', e.succeeded || ' of ' || :count || ' items succeeded'
                       || CASE WHEN e.failed > 0 THEN ', ' || e.failed || ' failed' ELSE '' END
                       || CASE WHEN e.skipped > 0 THEN ', ' || e.skipped || ' skipped' ELSE '' END
                       || CASE WHEN e.outputs_kept THEN '' ELSE '; results keep statuses only (their outputs pass ${MAX_LOOP_OUTPUT_BYTES / 1024 / 1024} MiB together)' END)))
              || CASE WHEN e.loop_failed THEN jsonb_build_object('error', jsonb_build_object(
                   'message', e.first_error, 'type', 'ItemFailed', 'retryable', false)) ELSE '{}' END
       FROM ended e
      WHERE t.workflow_run_id = :runId AND t.node_id = :key AND t.task_status NOT IN (:terminal)
     RETURNING CASE WHEN e.loop_failed THEN e.first_error END AS error`,
    {
      replacements: {
        runId: input.runId,
        key,
        suffix: taskKey('', input.path),
        count: input.count,
        nodeIds: JSON.stringify(input.nodeIds),
        stopped: input.stopped,
        maxBytes: MAX_LOOP_OUTPUT_BYTES,
        terminal: terminalStatuses,
      },
      type: QueryTypes.SELECT,
    },
  );
  if (row) return { error: row.error };
  // Ended already: this is a repeat of an attempt whose worker died after its write.
  const task = await loadTask(models, input.runId, key);
  return { error: task.status === 'failed' ? (task.logs.error?.message ?? 'failed') : null };
}
