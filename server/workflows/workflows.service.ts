import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { User, Workflow } from '../db/models';
import type { WorkflowStatus } from '../db/enums';
import { AppError } from '../errors/app-error';
import { syncSchedule } from '../temporal/schedules';
import { rotateWebhookSecret } from '../webhooks/webhook-secret.service';
import { findAccessibleWorkflow } from './workflow-access';
import { validateSpecFor } from './spec-validation.service';

async function invalid(services: AppServices, workflow: Workflow, spec: unknown) {
  const validation = await validateSpecFor(services.models, workflow.ownerId, spec);
  if (!validation.ok) {
    throw new AppError('BAD_REQUEST', `The spec has ${validation.problems.length} problem(s).`, { problems: validation.problems });
  }
  return validation.spec;
}

/**
 * Changes a workflow's status and keeps its Temporal Schedule in step. The database changes only
 * once Temporal agreed, so a refused Schedule leaves the workflow as it was.
 */
export async function setWorkflowStatus(services: AppServices, user: User, workflowId: string, status: WorkflowStatus): Promise<Workflow> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  if (status === 'active') await invalid(services, workflow, workflow.specJson);
  const previous = workflow.status;
  workflow.status = status;
  await syncSchedule(services, workflow).catch((error) => {
    workflow.status = previous;
    throw new AppError('INTERNAL_SERVER_ERROR', `Temporal refused the schedule change: ${(error as Error).message}`);
  });
  await workflow.save();
  await recordAudit(services.models, { actorId: user.id, action: `workflow.${status === 'active' ? 'activate' : status === 'archived' ? 'archive' : 'deactivate'}`, resourceType: 'workflow', resourceId: workflow.id, details: { from: previous, to: status } });
  return workflow;
}

/** Replaces a workflow's spec after validating it; an active cron workflow's Schedule follows. */
export async function updateWorkflowSpec(services: AppServices, user: User, workflowId: string, spec: unknown, llmPromptVersion: string | null): Promise<Workflow> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  const previous = { specJson: workflow.specJson, llmPromptVersion: workflow.llmPromptVersion };
  workflow.specJson = await invalid(services, workflow, spec);
  workflow.llmPromptVersion = llmPromptVersion;
  await syncSchedule(services, workflow).catch((error) => {
    Object.assign(workflow, previous);
    throw new AppError('INTERNAL_SERVER_ERROR', `Temporal refused the schedule change: ${(error as Error).message}`);
  });
  await workflow.save();
  await recordAudit(services.models, { actorId: user.id, action: 'workflow.update_spec', resourceType: 'workflow', resourceId: workflow.id, details: { nodes: workflow.specJson.nodes.length, trigger: workflow.specJson.trigger.type } });
  return workflow;
}

/** A new webhook secret for the workflow, returned once; the previous one stops working. */
export async function newWebhookSecret(services: AppServices, user: User, workflowId: string): Promise<string> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  const secret = await rotateWebhookSecret(services, workflow);
  await recordAudit(services.models, { actorId: user.id, action: 'workflow.rotate_webhook_secret', resourceType: 'workflow', resourceId: workflow.id });
  return secret;
}
