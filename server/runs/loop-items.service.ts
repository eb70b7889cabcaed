import { QueryTypes } from 'sequelize';
import type { User } from '../../core/db/models';
import type { TaskStatus } from '../../core/db/enums';
import { AppError } from '../../core/errors/app-error';
import { enclosingLoops, scopeNodes, taskKey } from '../../core/spec/spec-graph';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { AppServices } from '../app-services';
import { findAccessibleRun } from './run-access';
import { MAX_BODY_OUTPUT_CHARS, MAX_ITEM_CHARS, type LoopItemsInput } from './loop.dto';
import { fromTaskRow, type TaskRow } from './run.dto';

interface ItemRow {
  index: number;
  status: TaskStatus;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  item: unknown;
  item_truncated: boolean;
}

/** The spec's loop `input.loop`, checked against the path the caller gave for it. */
function findLoop(spec: WorkflowSpec | null, input: LoopItemsInput) {
  const nodes = Array.isArray(spec?.nodes) ? spec.nodes : [];
  const loop = nodes.find((n) => n.id === input.loop && n.type === 'for_each');
  if (!loop) throw new AppError('NOT_FOUND', `This run has no loop "${input.loop}".`);
  const depth = enclosingLoops(new Map(nodes.map((n) => [n.id, n])), loop.id).length;
  if (input.path.length !== depth)
    throw new AppError(
      'BAD_REQUEST',
      depth === 0
        ? `"${loop.name}" is not inside another loop: give no path.`
        : `"${loop.name}" runs inside ${depth === 1 ? 'a loop' : `${depth} loops`}: give the index of the item of each, outermost first.`,
    );
  return { loop, body: scopeNodes(nodes, loop.id).map((n) => n.id) };
}

/**
 * One page of a loop's items in index order, each with its body's task rows. Item rows are found by
 * their keys (`<loop>[i]`, one index lookup each) rather than by scanning the run's rows: an
 * unfiltered page reads only its own rows; a filtered one probes the items from the cursor on
 * until the page is full. Items and outputs are cut to a bounded preview (see loop.dto.ts).
 */
export async function listLoopItems({ models }: Pick<AppServices, 'models'>, user: User, input: LoopItemsInput) {
  const run = await findAccessibleRun(models, user, input.runId);
  const { body } = findLoop(run.specSnapshot as WorkflowSpec | null, input);
  const sequelize = models.Task.sequelize!;
  const key = taskKey(input.loop, input.path);
  const [own] = await sequelize.query<{ count: number | null }>(
    `SELECT CAST(logs ->> 'itemCount' AS integer) AS count FROM tasks WHERE workflow_run_id = :runId AND node_id = :key`,
    { replacements: { runId: run.id, key }, type: QueryTypes.SELECT },
  );
  const total = own?.count ?? null;
  if (total === null || input.cursor >= total) return { total, items: [], nextCursor: null };

  const statusCondition =
    input.status === null
      ? ''
      : input.status === 'pending'
        ? `AND t.task_status IN ('pending', 'running')`
        : `AND t.task_status = :status`;
  // Unfiltered, the page's rows are exactly the next limit + 1 keys.
  const end = input.status === null ? Math.min(total, input.cursor + input.limit + 1) : total;
  const rows = await sequelize.query<ItemRow>(
    `SELECT g AS index, t.task_status AS status, t.started_at, t.finished_at,
            t.logs -> 'error' ->> 'message' AS error,
            CASE WHEN length(CAST(t.logs -> 'item' AS text)) > :maxItem
                 THEN to_jsonb(left(CAST(t.logs -> 'item' AS text), :maxItem)) ELSE t.logs -> 'item' END AS item,
            coalesce(length(CAST(t.logs -> 'item' AS text)) > :maxItem, false) AS item_truncated
       FROM generate_series(CAST(:from AS integer), CAST(:end AS integer) - 1) g
       JOIN tasks t ON t.workflow_run_id = :runId AND t.node_id = :key || '[' || g || ']'
      WHERE true ${statusCondition}
      ORDER BY g LIMIT :take`,
    {
      replacements: {
        runId: run.id,
        key,
        from: input.cursor,
        end,
        status: input.status,
        maxItem: MAX_ITEM_CHARS,
        take: input.limit + 1,
      },
      type: QueryTypes.SELECT,
    },
  );
  const page = rows.slice(0, input.limit);
  const tasks = await bodyTasks(
    sequelize,
    run.id,
    body,
    input.path,
    page.map((row) => row.index),
  );
  return {
    total,
    items: page.map((row) => ({
      index: row.index,
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      error: row.error,
      item: row.item,
      itemTruncated: row.item_truncated,
      tasks: body.flatMap((node) => {
        const task = tasks.get(taskKey(node, [...input.path, row.index]));
        return task ? [{ ...task, node }] : [];
      }),
    })),
    nextCursor: rows.length > input.limit ? rows[input.limit]!.index : null,
  };
}

/** The body rows of the page's items by key, each by its own index lookup. */
async function bodyTasks(
  sequelize: NonNullable<AppServices['models']['Task']['sequelize']>,
  runId: string,
  body: string[],
  path: number[],
  indexes: number[],
) {
  const keys = indexes.flatMap((i) => body.map((node) => taskKey(node, [...path, i])));
  if (keys.length === 0) return new Map();
  const rows = await sequelize.query<TaskRow>(
    `SELECT node_id, task_status, attempt_count, started_at, finished_at,
            CASE WHEN length(CAST(logs -> 'output' AS text)) > :maxOutput
                 THEN logs || jsonb_build_object(
                        'output', jsonb_build_object('preview', left(CAST(logs -> 'output' AS text), :maxOutput)),
                        'outputTruncated', true)
                 ELSE logs END AS logs
       FROM tasks WHERE workflow_run_id = :runId AND node_id IN (:keys)`,
    { replacements: { runId, keys, maxOutput: MAX_BODY_OUTPUT_CHARS }, type: QueryTypes.SELECT },
  );
  return new Map(rows.map((row) => [row.node_id, fromTaskRow(row)]));
}
