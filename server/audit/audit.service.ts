import type { Transaction } from 'sequelize';
import type { Models } from '../../core/db/models';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** What changed; never a secret value. */
  details?: Record<string, unknown>;
}

/** Records one mutation in `audit_logs`, in the caller's transaction when it has one. */
export async function recordAudit(models: Models, entry: AuditEntry, transaction?: Transaction): Promise<void> {
  await models.AuditLog.create({ ...entry, details: entry.details ?? {} }, { transaction });
}
