import { QueryTypes, type Sequelize } from 'sequelize';
import { decodeCursor } from '../../core/db/keyset-cursor';
import type { RunFilters } from './run-queries.service';

/**
 * The ids of one page of a member's runs, newest first: for each of their workflows, its newest
 * `limit + 1` runs past the cursor (an index range on workflow_runs (workflow_id[, run_status],
 * created_at, id)), merged. A plain join ordered by created_at would walk every run in the table
 * until it found the member's, which the planner cannot foresee (runs carry no owner): 184 ms for
 * a member with no runs among 100,000. This costs a few index rows per workflow of theirs instead.
 */
export async function ownRunPageIds(sequelize: Sequelize, ownerId: string, filters: RunFilters): Promise<string[]> {
  const replacements: Record<string, unknown> = { ownerId, take: filters.limit + 1 };
  // Test runs have a partial index of their own: the few among many real runs are found at once.
  const runConditions = [
    'r.workflow_id = w.id',
    `r.run_trigger ${filters.tests ? "= 'test'" : "IS DISTINCT FROM 'test'"}`,
  ];
  if (filters.status) {
    runConditions.push('r.run_status = :status');
    replacements.status = filters.status;
  }
  if (filters.cursor) {
    const { at, id } = decodeCursor(filters.cursor);
    // A row comparison is one index range, where the equivalent OR would be a filter.
    runConditions.push('(r.created_at, r.id) < (:at, :id)');
    Object.assign(replacements, { at, id });
  }
  const workflowConditions = ['w.owner_id = :ownerId'];
  if (filters.workflowId) {
    workflowConditions.push('w.id = :workflowId');
    replacements.workflowId = filters.workflowId;
  }
  const rows = await sequelize.query<{ id: string }>(
    `SELECT page.id FROM workflows w
       CROSS JOIN LATERAL (
         SELECT r.id, r.created_at FROM workflow_runs r
          WHERE ${runConditions.join(' AND ')}
          ORDER BY r.created_at DESC, r.id DESC LIMIT :take
       ) AS page
      WHERE ${workflowConditions.join(' AND ')}
      ORDER BY page.created_at DESC, page.id DESC LIMIT :take`,
    { replacements, type: QueryTypes.SELECT },
  );
  return rows.map((row) => row.id);
}
