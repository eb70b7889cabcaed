import type { Models, User, Workflow } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';

/**
 * A workflow the user may act on: their own, or any for an admin. Someone else's answers the same
 * NOT_FOUND as a missing one, so ids cannot be probed.
 */
export async function findAccessibleWorkflow(models: Models, user: User, workflowId: string): Promise<Workflow> {
  const workflow = await models.Workflow.findByPk(workflowId);
  if (!workflow || (workflow.ownerId !== user.id && user.role !== 'admin'))
    throw new AppError('NOT_FOUND', 'No such workflow.');
  return workflow;
}
