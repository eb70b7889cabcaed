import type { AppServices } from '../app-services';
import type { Models, User, Workflow } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { findAccessibleWorkflow } from './workflow-access';
import { toWorkflowVersionDto } from './workflow.dto';
import { updateWorkflowSpec } from './workflows.service';

/** Every accepted spec of the workflow, newest first. */
export async function listVersions(models: Models, user: User, workflowId: string) {
  const workflow = await findAccessibleWorkflow(models, user, workflowId);
  const versions = await models.WorkflowVersion.findAll({
    where: { workflowId: workflow.id },
    order: [['version', 'DESC']],
  });
  return versions.map(toWorkflowVersionDto);
}

/** Makes an earlier version current again, as a new version (history is never rewritten). */
export async function restoreVersion(
  services: AppServices,
  user: User,
  workflowId: string,
  version: number,
): Promise<Workflow> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  const earlier = await services.models.WorkflowVersion.findOne({ where: { workflowId: workflow.id, version } });
  if (!earlier) throw new AppError('NOT_FOUND', `This workflow has no version ${version}.`);
  return updateWorkflowSpec(services, user, {
    workflowId: workflow.id,
    spec: earlier.specJson,
    llmPromptVersion: earlier.llmPromptVersion,
    origin: { source: 'restore' },
  });
}
