import { WorkflowNotFoundError } from '@temporalio/client';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { User, WorkflowRun } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { approvalSignal, type ApprovalDecision } from '../../core/run/run-contract';
import { findAccessibleRun } from './run-access';
import { findAccessibleWorkflow } from '../workflows/workflow-access';
import { resumePlan } from './resume-plan';
import { startRun } from './runs.service';
import { isWaiting } from './run-overlap.service';
import { cancelWaitingRun } from './waiting-runs';
import { withEntry } from '../../core/run/task-logs';
import { callTemporal, mayHaveTakenEffect } from '../temporal/temporal-call';

type AuditEntry = Parameters<typeof recordAudit>[1];

/**
 * Sends `call` to Temporal, then records `entry`. When Temporal did not answer in time, the request
 * may have taken effect (a retry would then meet CONFLICT and never be recorded): it is recorded
 * all the same, marked as unconfirmed, before the error goes back to the person.
 */
async function auditedTemporalCall(services: AppServices, what: string, call: () => Promise<void>, entry: AuditEntry) {
  try {
    await callTemporal(services.temporal.client, what, call);
  } catch (error) {
    if (mayHaveTakenEffect(error))
      await recordAudit(services.models, { ...entry, details: { ...entry.details, confirmed: false } });
    throw error;
  }
  await recordAudit(services.models, entry);
}

/** Asks Temporal to cancel a run in flight; the workflow marks its tasks and row cancelled. */
export async function cancelRun(services: AppServices, user: User, runId: string): Promise<void> {
  const run = await findAccessibleRun(services.models, user, runId);
  if (run.runStatus !== 'pending' && run.runStatus !== 'running')
    throw new AppError('CONFLICT', `This run already ended (${run.runStatus}).`);
  const entry = { actorId: user.id, action: 'run.cancel', resourceType: 'workflow_run', resourceId: run.id };
  // A run waiting for another to end has no Temporal execution yet: it ends here, unless it has
  // just been started, when Temporal cancels it as any other.
  if (isWaiting(run)) {
    if (await cancelWaitingRun(services.models, run.id, `Cancelled by ${user.email} while it waited to start.`)) {
      await recordAudit(services.models, { ...entry, details: { waiting: true } });
      return;
    }
    await run.reload();
  }
  const cancel = () =>
    services.temporal.client.workflow
      .getHandle(run.temporalWorkflowId!)
      .cancel()
      .then(() => undefined);
  try {
    await auditedTemporalCall(services, 'the cancellation', cancel, entry);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new AppError('CONFLICT', 'Temporal no longer has this run in flight.');
    throw error;
  }
}

/** Runs again with the same input, on the workflow's current spec or the one this run executed. */
/** A test run's spec may be a proposal nobody accepted: starting it for real is not the way to accept it. */
function refuseTestRun(run: WorkflowRun, what: string) {
  if (run.runTrigger === 'test')
    throw new AppError('CONFLICT', `A test run cannot be ${what} as a real run; start another test run instead.`);
}

export async function rerun(services: AppServices, user: User, runId: string, spec: 'current' | 'original') {
  const run = await findAccessibleRun(services.models, user, runId);
  refuseTestRun(run, 're-run');
  if (spec === 'original' && !run.specSnapshot)
    throw new AppError('CONFLICT', 'This run kept no copy of its spec; re-run it on the current spec.');
  const again = await startRun(services, user, {
    workflowId: run.workflowId,
    input: run.inputPayload,
    spec: spec === 'original' ? run.specSnapshot! : undefined,
    trigger: 'rerun',
  });
  await recordAudit(services.models, {
    actorId: user.id,
    action: 'run.rerun',
    resourceType: 'workflow_run',
    resourceId: again.id,
    details: { of: run.id, spec },
  });
  return again;
}

/**
 * Resumes a failed run: a new run, on the spec this one executed or the workflow's current one,
 * that takes the outputs of the nodes that had succeeded (resume-plan.ts says which) and runs the
 * rest, the failed nodes first. Refused, naming the nodes, when the current spec changed what had
 * already run.
 */
export async function resumeRun(services: AppServices, user: User, runId: string, spec: 'current' | 'original') {
  const run = await findAccessibleRun(services.models, user, runId);
  refuseTestRun(run, 'resumed');
  if (run.runStatus !== 'failed')
    throw new AppError(
      'CONFLICT',
      `Only a failed run can be resumed; this one is ${run.runStatus}. Re-run it instead.`,
    );
  if (!run.specSnapshot)
    throw new AppError('CONFLICT', 'This run kept no copy of its spec, so what it did cannot be reused; re-run it.');
  const workflow = await findAccessibleWorkflow(services.models, user, run.workflowId);
  // The spec planned against is the one started, even if the workflow is saved again meanwhile.
  const target = spec === 'original' ? run.specSnapshot : workflow.specJson;
  const tasks = await services.models.Task.findAll({ where: { workflowRunId: run.id } });
  const plan = resumePlan(run.specSnapshot, target, new Map(tasks.map((task) => [task.nodeId, task.taskStatus])));
  if (!plan.ok) {
    const names = plan.changed.map((node) => `"${node.name}" (${node.how})`).join(', ');
    throw new AppError(
      'CONFLICT',
      `The workflow changed where this run had already succeeded: ${names}. Resume it on the spec it ran, or re-run it.`,
      { changed: plan.changed },
    );
  }
  const reused = tasks.filter((task) => plan.reused.includes(task.nodeId));
  const reusedItems = new Set(plan.items);
  const resumed = await startRun(services, user, {
    workflowId: run.workflowId,
    input: run.inputPayload,
    spec: target,
    trigger: 'resume',
    resume: {
      fromRunId: run.id,
      tasks: reused.map((task) => {
        const { output, outputTruncated, branch } = task.logs;
        const entry = withEntry(undefined, 'info', `reused from run ${run.id}, where it succeeded; not run again`);
        return { nodeId: task.nodeId, logs: { ...entry, output, outputTruncated, branch } };
      }),
      // Loop items that succeeded, and the rows under them, as they ended: the loop skips them.
      items: tasks
        .filter((task) => reusedItems.has(task.nodeId))
        .map((task) => ({
          nodeId: task.nodeId,
          taskStatus: task.taskStatus,
          logs: withEntry(task.logs, 'info', `reused from run ${run.id}; not run again`),
        })),
    },
  });
  await recordAudit(services.models, {
    actorId: user.id,
    action: 'run.resume',
    resourceType: 'workflow_run',
    resourceId: resumed.id,
    details: { of: run.id, spec, reused: plan.reused, reusedItems: plan.items.length },
  });
  return resumed;
}

/** A person's decision on an approval node that is waiting, delivered as a Temporal signal. */
export async function decideApproval(
  services: AppServices,
  user: User,
  input: { runId: string; nodeId: string; decision: ApprovalDecision['decision']; comment: string | null },
) {
  const run = await findAccessibleRun(services.models, user, input.runId);
  const node = run.specSnapshot?.nodes.find((n) => n.id === input.nodeId);
  if (!node || node.type !== 'approval')
    throw new AppError('NOT_FOUND', `This run has no approval node "${input.nodeId}".`);
  const task = await services.models.Task.findOne({ where: { workflowRunId: run.id, nodeId: input.nodeId } });
  if (task?.taskStatus !== 'running')
    throw new AppError(
      'CONFLICT',
      `"${node.name}" is not waiting for a decision (it is ${task?.taskStatus ?? 'not started'}).`,
    );
  const decision: ApprovalDecision = {
    nodeId: input.nodeId,
    decision: input.decision,
    decidedBy: user.email,
    comment: input.comment,
  };
  const signal = () =>
    services.temporal.client.workflow.getHandle(run.temporalWorkflowId!).signal(approvalSignal, decision);
  await auditedTemporalCall(services, 'the decision', signal, {
    actorId: user.id,
    action: `approval.${input.decision === 'approved' ? 'approve' : 'reject'}`,
    resourceType: 'workflow_run',
    resourceId: run.id,
    details: { nodeId: input.nodeId },
  });
}
