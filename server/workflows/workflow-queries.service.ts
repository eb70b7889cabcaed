import { Op, type WhereOptions } from 'sequelize';
import type { Models, User, Workflow } from '../db/models';
import type { WorkflowStatus } from '../db/enums';
import { decodeCursor, encodeCursor } from '../http/keyset-cursor';

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
  if (filters.status) where.push({ status: filters.status });
  if (filters.search) where.push({ name: { [Op.iLike]: `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
  if (filters.cursor) {
    const { at, id } = decodeCursor(filters.cursor);
    where.push({ [Op.or]: [{ updatedAt: { [Op.lt]: at } }, { updatedAt: at, id: { [Op.lt]: id } }] });
  }
  const rows = await models.Workflow.findAll({ where: { [Op.and]: where }, order: [['updatedAt', 'DESC'], ['id', 'DESC']], limit: filters.limit + 1 });
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > filters.limit && last ? encodeCursor({ at: last.updatedAt, id: last.id }) : null };
}
