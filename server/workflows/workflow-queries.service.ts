import { Op, type WhereOptions } from 'sequelize';
import type { Models, User, Workflow } from '../../core/db/models';
import type { WorkflowStatus } from '../../core/db/enums';
import { afterCursor, toPage } from '../../core/db/keyset-cursor';

export interface WorkflowFilters {
  status: WorkflowStatus | null;
  search: string | null;
  limit: number;
  cursor: string | null;
}

/** A page of the workflows the user may see, most recently changed first. */
export async function listWorkflows(models: Models, user: User, filters: WorkflowFilters) {
  const where: WhereOptions<Workflow>[] = [];
  if (user.role !== 'admin') where.push({ ownerId: user.id });
  // A chat's proposal not yet accepted is no workflow (workflow-access.ts).
  where.push({ status: filters.status ?? { [Op.ne]: 'proposal' } });
  if (filters.search) where.push({ name: { [Op.iLike]: `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
  if (filters.cursor) where.push(afterCursor(filters.cursor, 'updatedAt'));
  const rows = await models.Workflow.findAll({
    where: { [Op.and]: where },
    order: [
      ['updatedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: filters.limit + 1,
  });
  return toPage(rows, filters.limit, (w) => w.updatedAt);
}
