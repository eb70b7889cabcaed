import { z } from 'zod';
import { auditEntryDtoSchema, auditLogFiltersSchema } from '../../audit/audit-log.dto';
import { listAuditLogs } from '../../audit/audit-log-queries.service';
import { protectedProcedure, router } from '../init';

export const auditLogsRouter = router({
  /** Members see what they did; admins see everything, filtered by actor, action, resource or time. */
  list: protectedProcedure
    .input(auditLogFiltersSchema)
    .output(z.object({ items: z.array(auditEntryDtoSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAuditLogs(ctx.models, ctx.user, input)),
});
