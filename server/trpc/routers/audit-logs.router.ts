import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import type { AuditLog } from '../../../core/db/models';
import { afterCursor, pageInput, toPage } from '../../../core/db/keyset-cursor';
import { protectedProcedure, router } from '../init';

const auditEntrySchema = z.object({
  id: z.uuid(),
  actorId: z.uuid().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

export const auditLogsRouter = router({
  /** Members see what they did; admins see everything, filtered by actor, action, resource or time. */
  list: protectedProcedure
    .input(
      z.object({
        actorId: z.uuid().nullable().default(null),
        action: z.string().max(100).nullable().default(null),
        resourceType: z.string().max(100).nullable().default(null),
        resourceId: z.uuid().nullable().default(null),
        since: z.coerce.date().nullable().default(null),
        /** Exclusive, so a day's range is [that day, the next day). */
        until: z.coerce.date().nullable().default(null),
        ...pageInput,
      }),
    )
    .output(z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const where: WhereOptions<AuditLog>[] = [];
      if (ctx.user.role !== 'admin') where.push({ actorId: ctx.user.id });
      if (input.actorId) where.push({ actorId: input.actorId });
      if (input.action) where.push({ action: input.action });
      if (input.resourceType) where.push({ resourceType: input.resourceType });
      if (input.resourceId) where.push({ resourceId: input.resourceId });
      if (input.since) where.push({ createdAt: { [Op.gte]: input.since } });
      if (input.until) where.push({ createdAt: { [Op.lt]: input.until } });
      if (input.cursor) where.push(afterCursor(input.cursor, 'createdAt'));
      const rows = await ctx.models.AuditLog.findAll({ where: { [Op.and]: where }, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: input.limit + 1 });
      const { items, nextCursor } = toPage(rows, input.limit, (e) => e.createdAt);
      return {
        items: items.map((e) => ({ id: e.id, actorId: e.actorId, action: e.action, resourceType: e.resourceType, resourceId: e.resourceId, details: e.details, createdAt: e.createdAt })),
        nextCursor,
      };
    }),
});
