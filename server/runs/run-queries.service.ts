import { Op, type WhereOptions } from 'sequelize';
import type { Models, User, WorkflowRun } from '../../core/db/models';
import type { RunStatus } from '../../core/db/enums';
import { afterCursor, toPage } from '../../core/db/keyset-cursor';
import type { AppServices } from '../app-services';
import { findAccessibleRun } from './run-access';
import { ownRunPageIds } from './own-run-page';
import { runWithTasksDtoSchema, toRunDto, toTaskDto, type RunWithWorkflowName } from './run.dto';

/** How often a watched run is re-read; PostgreSQL is the source of truth, Temporal's too chatty. */
const WATCH_INTERVAL_MS = 500;

export interface RunFilters {
  workflowId: string | null;
  status: RunStatus | null;
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

/** A run the user may see, with its tasks in the order they started, as its page shows it. */
export async function getRunWithTasks(
  { models, config }: Pick<AppServices, 'models' | 'config'>,
  user: User,
  runId: string,
) {
  const run = await findAccessibleRun(models, user, runId);
  const tasks = await models.Task.findAll({
    where: { workflowRunId: run.id },
    order: [['startedAt', 'ASC NULLS LAST']],
  });
  return { ...toRunDto(run, config), spec: run.specSnapshot, tasks: tasks.map(toTaskDto) };
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
  for (;;) {
    const snapshot = runWithTasksDtoSchema.parse(await getRunWithTasks(services, user, runId));
    const serialized = JSON.stringify(snapshot);
    if (serialized !== last) {
      last = serialized;
      yield snapshot;
    }
    if (['success', 'failed', 'cancelled'].includes(snapshot.status) || signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
  }
}
