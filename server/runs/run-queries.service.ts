import type { z } from 'zod';
import { literal, Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { Models, User, WorkflowRun } from '../../core/db/models';
import { runHasEnded, type RunStatus } from '../../core/db/enums';
import { afterCursor, toPage } from '../../core/db/keyset-cursor';
import type { AppServices } from '../app-services';
import { findAccessibleRun } from './run-access';
import { ownRunPageIds } from './own-run-page';
import { scopeNodes } from '../../core/spec/spec-graph';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { loopProgress } from './loop-progress';
import {
  fromTaskRow,
  runWithTasksDtoSchema,
  toRunDto,
  type RunProgress,
  type RunWithWorkflowName,
  type TaskRow,
} from './run.dto';

/** How often a watched run is re-read; PostgreSQL is the source of truth, Temporal's too chatty. */
const WATCH_INTERVAL_MS = 500;
const PROGRESS_INTERVAL_MS = 2000;

export interface RunFilters {
  workflowId: string | null;
  status: RunStatus | null;
  /** Test runs instead of real ones: the two are listed apart. */
  tests: boolean;
  limit: number;
  cursor: string | null;
}

/**
 * A page of the runs the user may see (of their workflows; all for an admin), newest first. An
 * admin's page is one ordered index range; a member's is first found by `ownRunPageIds`.
 */
export async function listRuns(models: Models, user: User, filters: RunFilters) {
  const where: WhereOptions<WorkflowRun>[] = [];
  if (user.role !== 'admin') where.push({ id: await ownRunPageIds(models.WorkflowRun.sequelize!, user.id, filters) });
  if (filters.workflowId) where.push({ workflowId: filters.workflowId });
  if (filters.status) where.push({ runStatus: filters.status });
  where.push(literal(`run_trigger ${filters.tests ? "= 'test'" : "IS DISTINCT FROM 'test'"}`));
  if (filters.cursor) where.push(afterCursor(filters.cursor, 'createdAt'));
  const rows = await models.WorkflowRun.findAll({
    where: { [Op.and]: where },
    include: [
      {
        model: models.Workflow,
        as: 'workflow',
        attributes: ['name'],
        where: user.role === 'admin' ? undefined : { ownerId: user.id },
        required: true,
      },
    ],
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: filters.limit + 1,
  });
  return toPage(rows as RunWithWorkflowName[], filters.limit, (run) => run.createdAt);
}

/** Loop rows whose results pass this (JSON text, characters) keep their first RESULTS_SHOWN entries on the run's page. */
const MAX_LOOP_OUTPUT_CHARS = 64 * 1024;
const RESULTS_SHOWN = 100;

/**
 * A run the user may see, with its top-level tasks in the order they started and its loops'
 * progress, as its page shows it. Per-item rows (`send[3]`, thousands for a long loop) stay out:
 * `runs.items` pages through them. With a spec the top-level rows are found by their keys (index
 * lookups, not a scan of the run's rows), and a loop's results are cut to their first entries.
 */
export async function getRunWithTasks(
  { models, config }: Pick<AppServices, 'models' | 'config'>,
  user: User,
  runId: string,
  previous?: { progress: RunProgress },
): Promise<z.input<typeof runWithTasksDtoSchema>> {
  const run = await findAccessibleRun(models, user, runId);
  const spec = run.specSnapshot as WorkflowSpec | null;
  const nodes = Array.isArray(spec?.nodes) ? spec.nodes : [];
  const topLevel = scopeNodes(nodes, null).map((n) => n.id);
  const loops = scopeNodes(nodes, null)
    .filter((n) => n.type === 'for_each')
    .map((n) => n.id);
  const tasks = await models.Task.sequelize!.query<TaskRow>(
    `SELECT node_id, task_status, attempt_count, started_at, finished_at,
            CASE WHEN node_id IN (:loops) AND jsonb_typeof(logs -> 'output' -> 'results') = 'array'
                      AND length(CAST(logs -> 'output' AS text)) > :maxLoopOutput
                 THEN jsonb_set(logs, '{output,results}',
                        jsonb_path_query_array(logs -> 'output' -> 'results', CAST(:firstResults AS jsonpath)))
                      || '{"outputTruncated": true}'
                 ELSE logs END AS logs
       FROM tasks
      WHERE workflow_run_id = :runId AND ${topLevel.length > 0 ? 'node_id IN (:topLevel)' : `strpos(node_id, '[') = 0`}
      ORDER BY started_at ASC NULLS LAST`,
    {
      replacements: {
        runId: run.id,
        topLevel,
        loops: loops.length > 0 ? loops : [''],
        maxLoopOutput: MAX_LOOP_OUTPUT_CHARS,
        firstResults: `$[0 to ${RESULTS_SHOWN - 1}]`,
      },
      type: QueryTypes.SELECT,
    },
  );
  return {
    ...toRunDto(run, config),
    spec: run.specSnapshot,
    tasks: tasks.map(fromTaskRow),
    progress: previous?.progress ?? (await loopProgress(models.Task.sequelize!, run.id, spec)),
  };
}

/**
 * The run with its tasks now, then again whenever any of it changes, until the run has ended or
 * the reader goes. Each snapshot is parsed with its schema: tRPC checks a subscription's iterable,
 * not its items.
 */
export async function* watchRun(
  services: Pick<AppServices, 'models' | 'config'>,
  user: User,
  runId: string,
  signal?: AbortSignal,
) {
  let last = '';
  // Loop progress is one scan of the run's rows (tens of ms for 10,000 items): refreshed every
  // PROGRESS_INTERVAL_MS, not on every read of the run's own rows.
  let progress: { progress: RunProgress; at: number } | null = null;
  for (;;) {
    const reuse = progress && Date.now() - progress.at < PROGRESS_INTERVAL_MS ? progress : undefined;
    let snapshot = runWithTasksDtoSchema.parse(await getRunWithTasks(services, user, runId, reuse));
    // The last snapshot of a run carries its final counts.
    if (reuse && runHasEnded(snapshot.status))
      snapshot = runWithTasksDtoSchema.parse(await getRunWithTasks(services, user, runId));
    if (!reuse) progress = { progress: snapshot.progress, at: Date.now() };
    const serialized = JSON.stringify(snapshot);
    if (serialized !== last) {
      last = serialized;
      yield snapshot;
    }
    if (runHasEnded(snapshot.status) || signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
  }
}
