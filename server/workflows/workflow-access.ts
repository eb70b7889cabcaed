import type { Models, User, Workflow } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';

/**
 * A workflow the user may act on: their own, or any for an admin. Someone else's answers the same
 * NOT_FOUND as a missing one, so ids cannot be probed. A chat's proposal not yet accepted (status
 * `proposal`: the row its test runs belong to) is no workflow to act on either, unless the caller
 * works with proposals (`proposals: true`: a test run of it).
 */
export async function findAccessibleWorkflow(
  models: Models,
  user: User,
  workflowId: string,
  { proposals = false } = {},
): Promise<Workflow> {
  const workflow = await models.Workflow.findByPk(workflowId);
  if (
    !workflow ||
    (workflow.ownerId !== user.id && user.role !== 'admin') ||
    (workflow.status === 'proposal' && !proposals)
  )
    throw new AppError('NOT_FOUND', 'No such workflow.');
  return workflow;
}
