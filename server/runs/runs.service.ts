import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { runTemporalWorkflowId } from '../../core/run/temporal-links';
import { temporalUnavailableReason, withTemporalDeadline } from '../temporal/temporal-call';
import { findAccessibleWorkflow } from '../workflows/workflow-access';
import { requireValidSpec } from '../workflows/spec-validation.service';
import { appOwnerIdKey, appRunIdKey, appWorkflowIdKey } from '../../core/run/search-attributes';
import { runSpecWorkflowType, type RunSpecInput, type RunSpecWorkflow } from '../../core/run/run-contract';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

export interface StartRunOptions {
  workflowId: string;
  input: unknown;
  /** The spec to run; the workflow's current one when absent (a re-run may pass the original). */
  spec?: WorkflowSpec;
  trigger: 'manual' | 'webhook' | 'rerun';
}

/**
 * Records a pending run, then starts its Temporal execution. The row comes first so nothing is
 * lost: if Temporal refuses, or cannot be reached within a few seconds, the run is marked failed
 * with the reason instead of vanishing or staying pending.
 * `actor` is the person starting it, who must be allowed to; null for a verified webhook.
 */
export async function startRun(
  { models, temporal, config }: AppServices,
  actor: User | null,
  options: StartRunOptions,
) {
  const workflow = actor
    ? await findAccessibleWorkflow(models, actor, options.workflowId)
    : await models.Workflow.findByPk(options.workflowId);
  if (!workflow) throw new AppError('NOT_FOUND', 'No such workflow.');
  if (workflow.status === 'archived')
    throw new AppError('BAD_REQUEST', 'This workflow is archived; restore it before running it.');
  const spec = await requireValidSpec(models, workflow.ownerId, options.spec ?? workflow.specJson, 'running it');
  const run = await models.WorkflowRun.create({
    workflowId: workflow.id,
    inputPayload: options.input ?? {},
    specSnapshot: spec,
    runTrigger: options.trigger,
  });
  const temporalWorkflowId = runTemporalWorkflowId(run.id);
  await run.update({ temporalWorkflowId });
  const input: RunSpecInput = { runId: run.id, workflowId: workflow.id, ownerId: workflow.ownerId, spec };
  try {
    await withTemporalDeadline(temporal.client, () =>
      temporal.client.workflow.start<RunSpecWorkflow>(runSpecWorkflowType, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: temporalWorkflowId,
        workflowIdConflictPolicy: 'FAIL',
        args: [input],
        typedSearchAttributes: [
          { key: appWorkflowIdKey, value: workflow.id },
          { key: appRunIdKey, value: run.id },
          { key: appOwnerIdKey, value: workflow.ownerId },
        ],
        memo: { workflowName: workflow.name, trigger: options.trigger, startedBy: actor?.email ?? options.trigger },
        staticSummary: `${workflow.name} (${options.trigger})`,
      }),
    );
  } catch (error) {
    const unavailable = temporalUnavailableReason(error);
    const reason =
      error instanceof WorkflowExecutionAlreadyStartedError
        ? 'a Temporal execution with this id already exists'
        : (unavailable ?? (error as Error).message);
    await run.update({
      runStatus: 'failed',
      finishedAt: new Date(),
      resultSummary: { status: 'failed', error: `Temporal did not start the run: ${reason}` },
    });
    // Trying again later may well work: say so, rather than "something went wrong on our side".
    if (unavailable)
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Temporal is unavailable, so the run could not start; it has been recorded as failed. Try again in a moment.',
      );
    throw new AppError(
      'INTERNAL_SERVER_ERROR',
      'The run could not be started on Temporal; it has been recorded as failed.',
    );
  }
  await recordAudit(models, {
    actorId: actor?.id ?? null,
    action: 'run.start',
    resourceType: 'workflow_run',
    resourceId: run.id,
    details: { workflowId: workflow.id, trigger: options.trigger },
  });
  // Shaped like a run loaded with its workflow, so callers can show it without another query.
  return Object.assign(run, { workflow });
}
