import { Op, type WhereOptions } from 'sequelize';
import type { Models, User, WorkflowRun } from '../../core/db/models';
import type { RunStatus } from '../../core/db/enums';
import { afterCursor, toPage } from '../../core/db/keyset-cursor';
import type { RunWithWorkflowName } from './run.dto';

export interface RunFilters {
  workflowId: string | null;
  status: RunStatus | null;
  limit: number;
  cursor: string | null;
}

/** A page of the runs the user may see (of their workflows; all for an admin), newest first. */
export async function listRuns(models: Models, user: User, filters: RunFilters) {
  const where: WhereOptions<WorkflowRun>[] = [];
  if (filters.workflowId) where.push({ workflowId: filters.workflowId });
  if (filters.status) where.push({ runStatus: filters.status });
  if (filters.cursor) where.push(afterCursor(filters.cursor, 'createdAt'));
  const rows = await models.WorkflowRun.findAll({
    where: { [Op.and]: where },
    include: [{ model: models.Workflow, as: 'workflow', attributes: ['name'], where: user.role === 'admin' ? undefined : { ownerId: user.id }, required: true }],
    order: [['createdAt', 'DESC'], ['id', 'DESC']],
    limit: filters.limit + 1,
  });
  return toPage(rows as RunWithWorkflowName[], filters.limit, (run) => run.createdAt);
}
