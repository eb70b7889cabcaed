import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { User, Workflow } from '../../core/db/models';
import type { WorkflowStatus } from '../../core/db/enums';
import { AppError } from '../../core/errors/app-error';
import { syncSchedule } from '../temporal/schedules';
import { callTemporal } from '../temporal/temporal-call';
import { rotateWebhookSecret, webhookSecretName } from '../webhooks/webhook-secret.service';
import { findAccessibleWorkflow } from './workflow-access';
import { recordVersion } from '../../core/db/workflow-versions';
import type { VersionSource } from '../../core/db/enums';
import { requireValidSpec } from './spec-validation.service';
import { alertWebhookSecretName } from '../../core/alerts/failure-alert';

type ScheduledFields = Partial<Pick<Workflow, 'status' | 'specJson' | 'llmPromptVersion'>>;

/**
 * Applies `changes` to the workflow in memory and brings its Temporal Schedule in step. When
 * Temporal refuses, the changes are undone, so the caller saves nothing and the workflow stays as
 * it was.
 */
async function changeWithSchedule(services: AppServices, workflow: Workflow, changes: ScheduledFields): Promise<void> {
  const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, workflow[key as keyof ScheduledFields]]));
  Object.assign(workflow, changes);
  try {
    await callTemporal(services.temporal.client, 'the change', () => syncSchedule(services, workflow));
  } catch (error) {
    Object.assign(workflow, previous);
    if (error instanceof AppError) throw error;
    throw new AppError('INTERNAL_SERVER_ERROR', `Temporal refused the schedule change: ${(error as Error).message}`);
  }
}

/**
 * Changes a workflow's status and keeps its Temporal Schedule in step. The database changes only
 * once Temporal agreed, so a refused Schedule leaves the workflow as it was.
 */
export async function setWorkflowStatus(
  services: AppServices,
  user: User,
  workflowId: string,
  status: WorkflowStatus,
): Promise<Workflow> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  if (status === 'active') await requireValidSpec(services.models, workflow.ownerId, workflow.specJson);
  const previous = workflow.status;
  await changeWithSchedule(services, workflow, { status });
  await workflow.save();
  await recordAudit(services.models, {
    actorId: user.id,
    action: `workflow.${status === 'active' ? 'activate' : status === 'archived' ? 'archive' : 'deactivate'}`,
    resourceType: 'workflow',
    resourceId: workflow.id,
    details: { from: previous, to: status },
  });
  return workflow;
}

/** Where a spec came from, recorded with the version it becomes. */
export interface SpecOrigin {
  source: VersionSource;
  chatMessageId?: string | null;
}

/** A new spec for a workflow, with the prompt version that wrote it (null when a person did). */
export interface SpecUpdate {
  workflowId: string;
  spec: unknown;
  llmPromptVersion: string | null;
  /** Defaults to the JSON editor. */
  origin?: SpecOrigin;
}

/**
 * Replaces a workflow's spec after validating it, records it as the next version, and keeps an
 * active cron workflow's Schedule in step.
 */
export async function updateWorkflowSpec(services: AppServices, user: User, update: SpecUpdate): Promise<Workflow> {
  const { origin = { source: 'editor' } } = update;
  const workflow = await findAccessibleWorkflow(services.models, user, update.workflowId);
  const specJson = await requireValidSpec(services.models, workflow.ownerId, update.spec);
  await changeWithSchedule(services, workflow, { specJson, llmPromptVersion: update.llmPromptVersion });
  await services.sequelize.transaction(async (transaction) => {
    await workflow.save({ transaction });
    const version = await recordVersion(services.models, workflow, { ...origin, createdBy: user.id }, transaction);
    await recordAudit(
      services.models,
      {
        actorId: user.id,
        action: 'workflow.update_spec',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: { version: version.version, source: origin.source, nodes: workflow.specJson.nodes.length },
      },
      transaction,
    );
  });
  return workflow;
}

/**
 * Creates a draft workflow from a valid spec, as its version 1. `proposal`: the hidden workflow a
 * new workflow's chat tested its proposals on (decision 0011), which becomes this workflow, keeping
 * those test runs.
 */
export async function createWorkflow(
  services: AppServices,
  user: User,
  input: { name: string; description: string | null; spec: unknown; llmPromptVersion: string | null },
  origin: SpecOrigin,
  proposal?: Workflow,
): Promise<Workflow> {
  const specJson = await requireValidSpec(services.models, proposal?.ownerId ?? user.id, input.spec);
  return services.sequelize.transaction(async (transaction) => {
    const fields = {
      name: input.name,
      description: input.description,
      specJson,
      llmPromptVersion: input.llmPromptVersion,
      status: 'draft' as const,
    };
    // Claimed only while still a proposal: the test-run prune may have deleted it since it was read
    // (test-run-retention.ts), and the workflow is then a new row.
    const [claimed] = proposal
      ? await services.models.Workflow.update(fields, { where: { id: proposal.id, status: 'proposal' }, transaction })
      : [0];
    const workflow =
      proposal && claimed
        ? await proposal.reload({ transaction })
        : await services.models.Workflow.create({ ownerId: user.id, ...fields }, { transaction });
    await recordVersion(services.models, workflow, { ...origin, createdBy: user.id }, transaction);
    await recordAudit(
      services.models,
      {
        actorId: user.id,
        action: 'workflow.create',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: { source: origin.source },
      },
      transaction,
    );
    return workflow;
  });
}

/** A new webhook secret for the workflow, returned once; the previous one stops working. */
export async function newWebhookSecret(services: AppServices, user: User, workflowId: string): Promise<string> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  const secret = await rotateWebhookSecret(services, workflow);
  await recordAudit(services.models, {
    actorId: user.id,
    action: 'workflow.rotate_webhook_secret',
    resourceType: 'workflow',
    resourceId: workflow.id,
  });
  return secret;
}

/** Deletes a workflow with its runs and versions, after removing its Temporal Schedule. */
export async function deleteWorkflow(services: AppServices, user: User, workflowId: string): Promise<void> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  // Archived wants no Schedule: syncing with that status removes one if it exists.
  await changeWithSchedule(services, workflow, { status: 'archived' });
  await services.sequelize.transaction(async (transaction) => {
    await services.models.Secret.destroy({
      where: { ownerId: workflow.ownerId, name: [webhookSecretName(workflow.id), alertWebhookSecretName(workflow.id)] },
      transaction,
    });
    await workflow.destroy({ transaction });
    await recordAudit(
      services.models,
      {
        actorId: user.id,
        action: 'workflow.delete',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: { name: workflow.name },
      },
      transaction,
    );
  });
}
