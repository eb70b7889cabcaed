import { Op, type WhereOptions } from 'sequelize';
import { afterCursor, toPage } from '../../core/db/keyset-cursor';
import type { AuditLog, Models, User } from '../../core/db/models';
import { toAuditEntryDto, type AuditLogFilters } from './audit-log.dto';

/** A page of the audit log, newest first: members see what they did, admins everything. */
export async function listAuditLogs(models: Models, user: User, filters: AuditLogFilters) {
  const where: WhereOptions<AuditLog>[] = [];
  if (user.role !== 'admin') where.push({ actorId: user.id });
  if (filters.actorId) where.push({ actorId: filters.actorId });
  if (filters.action) where.push({ action: filters.action });
  if (filters.resourceType) where.push({ resourceType: filters.resourceType });
  if (filters.resourceId) where.push({ resourceId: filters.resourceId });
  if (filters.since) where.push({ createdAt: { [Op.gte]: filters.since } });
  if (filters.until) where.push({ createdAt: { [Op.lt]: filters.until } });
  if (filters.cursor) where.push(afterCursor(filters.cursor, 'createdAt'));
  const rows = await models.AuditLog.findAll({
    where: { [Op.and]: where },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: filters.limit + 1,
  });
  const { items, nextCursor } = toPage(rows, filters.limit, (e) => e.createdAt);
  return { items: items.map(toAuditEntryDto), nextCursor };
}
