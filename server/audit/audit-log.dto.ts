import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import { pageInput } from '../../core/db/keyset-cursor';
import { storableText } from '../../core/db/storable';
import type { AuditLog } from '../../core/db/models';

export const auditEntryDtoSchema = z.object({
  id: z.uuid(),
  actorId: z.uuid().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: timestampSchema,
});

export const toAuditEntryDto = (e: AuditLog): z.input<typeof auditEntryDtoSchema> => ({
  id: e.id,
  actorId: e.actorId,
  action: e.action,
  resourceType: e.resourceType,
  resourceId: e.resourceId,
  details: e.details,
  createdAt: e.createdAt,
});

/** What the audit log can be filtered by, and a page of it. */
export const auditLogFiltersSchema = z.object({
  actorId: z.uuid().nullable().default(null),
  action: storableText.max(100).nullable().default(null),
  resourceType: storableText.max(100).nullable().default(null),
  resourceId: z.uuid().nullable().default(null),
  since: z.coerce.date().nullable().default(null),
  /** Exclusive, so a day's range is [that day, the next day). */
  until: z.coerce.date().nullable().default(null),
  ...pageInput,
});
export type AuditLogFilters = z.output<typeof auditLogFiltersSchema>;
