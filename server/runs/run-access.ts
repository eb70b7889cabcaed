import type { Models, User, WorkflowRun } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';

/** A run the user may see: of their own workflow, or any for an admin; NOT_FOUND otherwise. */
export async function findAccessibleRun(
  models: Models,
  user: User,
  runId: string,
): Promise<WorkflowRun & { workflow: { ownerId: string; name: string } }> {
  const run = await models.WorkflowRun.findByPk(runId, {
    include: [{ model: models.Workflow, as: 'workflow', attributes: ['ownerId', 'name'] }],
  });
  const workflow = (run as (WorkflowRun & { workflow?: { ownerId: string; name: string } }) | null)?.workflow;
  if (!run || !workflow || (workflow.ownerId !== user.id && user.role !== 'admin'))
    throw new AppError('NOT_FOUND', 'No such run.');
  return run as WorkflowRun & { workflow: { ownerId: string; name: string } };
}
