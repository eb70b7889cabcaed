import type { TaskStatus } from '../../core/db/enums';
import type { RunOutcome } from '../../core/run/run-contract';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { boundOutput } from './bounded-output';
import type { ActivityDeps } from './node-context';
import { NodeError, toApplicationFailure } from '../../core/run/node-error';
import { nodeTemplates } from './nodes/render';
import { nodesRead } from '../../core/spec/node-references';
import { loadAttempt, loadTask, terminalStatuses, writeTask, type TaskChange, type TaskRow } from './task-rows';
import { withEntry, type TaskLogs } from '../../core/run/task-logs';
import type { TestEffect } from '../../core/run/test-plan';
import { endRun, unfinishedCancelled } from '../../core/run/end-run';
import { runMetrics } from '../telemetry/run-metrics';
import { logger } from '../../core/logging/logger';

// The run's bookkeeping in PostgreSQL. Every function is idempotent: Temporal may run it again
// after a crash, and running it twice must leave the same rows.

export interface StartRunInput {
  runId: string | null;
  workflowId: string;
  temporalWorkflowId: string;
  nodeIds: string[];
  /** Only for scheduled runs, whose row is created here; the API stores it for the others. */
  spec?: WorkflowSpec;
}

/** Marks the run running and creates one pending task per node; creates the row for scheduled runs. */
export async function startRun({ models }: ActivityDeps, input: StartRunInput): Promise<{ runId: string }> {
  const [run, created] = input.runId
    ? [await models.WorkflowRun.findByPk(input.runId), false]
    : await models.WorkflowRun.findOrCreate({
        where: { temporalWorkflowId: input.temporalWorkflowId },
        defaults: {
          workflowId: input.workflowId,
          inputPayload: {},
          specSnapshot: input.spec ?? null,
          runTrigger: 'schedule',
        },
      });
  if (!run) throw toApplicationFailure(new NodeError(`run ${input.runId} does not exist`, 'RunMissing', false));
  if (created) runMetrics().runsStarted.add(1, { trigger: 'schedule' });
  if (run.runStatus === 'pending') await run.update({ runStatus: 'running', startedAt: new Date() });
  await models.Task.bulkCreate(
    input.nodeIds.map((nodeId) => ({ workflowRunId: run.id, nodeId })),
    { ignoreDuplicates: true },
  );
  return { runId: run.id };
}

export interface MarkTaskInput {
  runId: string;
  nodeId: string;
  status: TaskStatus;
  message?: string;
  /** With status "failed": the failure's type, kept with its message for error handlers to read. */
  errorType?: string;
  output?: unknown;
  /** A test run's: what the node would have done outside the run (a delay's wait). */
  effect?: TestEffect;
}

/** The change that moves `task` on to `input.status`, with its message and bounded output. */
function taskChange(task: TaskRow, input: MarkTaskInput): TaskChange {
  let logs: TaskLogs = input.message
    ? withEntry(task.logs, input.status === 'failed' ? 'error' : 'info', input.message)
    : { ...task.logs };
  // A failure the workflow records (its attempt's worker died before writing one) is told to
  // error handlers as the activity's own would be: `nodes.<id>.error`.
  if (input.status === 'failed' && input.message)
    logs = { ...logs, error: { message: input.message, type: input.errorType ?? 'NodeFailed', retryable: false } };
  if (input.output !== undefined) {
    const { output, truncated } = boundOutput(input.output);
    logs = { ...logs, output, outputTruncated: truncated };
  }
  if (input.effect) logs = { ...logs, effect: input.effect };
  const now = new Date();
  return {
    taskStatus: input.status,
    logs,
    attemptCount:
      input.status === 'running' || input.status === 'success' ? Math.max(task.attemptCount, 1) : task.attemptCount,
    // A step that ends without having been marked running (a test run's delay or approval) started now.
    startedAt: input.status === 'running' || input.status === 'success' ? (task.startedAt ?? now) : task.startedAt,
    finishedAt: terminalStatuses.includes(input.status) ? now : null,
  };
}

/** Moves a task on; a task that already ended is left as it is. */
export async function markTask({ models }: ActivityDeps, input: MarkTaskInput): Promise<void> {
  const task = await loadTask(models, input.runId, input.nodeId);
  if (terminalStatuses.includes(task.status)) return;
  await writeTask(models, input.runId, input.nodeId, task.runPending, taskChange(task, input));
}

export interface BeginApprovalInput {
  runId: string;
  nodeId: string;
  node: Extract<SpecNode, { type: 'approval' }>;
  /** A test run's: the decision taken at once, ending the task (nobody is asked). */
  testDecision?: 'approved' | 'rejected';
}

/**
 * Renders an approval's question into the task's logs, where the app shows it to approvers. In a
 * test run it ends the task at once with the decision given instead, and reports the question.
 */
export async function beginApproval({ models }: ActivityDeps, input: BeginApprovalInput): Promise<void> {
  const { task, scope } = await loadAttempt(models, { runId: input.runId, node: input.node }, nodesRead(input.node));
  if (terminalStatuses.includes(task.status)) return;
  const question = nodeTemplates(scope).renderText(input.node.config.message, 'message');
  const decision = input.testDecision;
  if (decision) {
    const change = taskChange(task, {
      ...input,
      status: 'success',
      message: `test run: would ask for approval: ${question}; took the test's decision, ${decision}`,
      output: { decision, decidedBy: 'test run', comment: null, timedOut: false },
      effect: { kind: 'approval', question, decision },
    });
    change.logs = { ...change.logs, branch: decision };
    await writeTask(models, input.runId, input.nodeId, task.runPending, change);
    return;
  }
  const deadline = new Date(Date.now() + input.node.config.timeoutMinutes * 60_000).toISOString();
  // One write: whoever sees the task waiting (the app, a poller) sees its question with it.
  const change = taskChange(task, {
    ...input,
    status: 'running',
    message: `waiting for approval until ${deadline}: ${question}`,
    output: { question, deadline },
  });
  await writeTask(models, input.runId, input.nodeId, task.runPending, change);
}

export interface FinishRunInput {
  runId: string;
  status: RunOutcome;
  /** The run passed its time limit (`settings.timeoutSeconds`): its unfinished tasks are cancelled. */
  timedOutAfterSeconds?: number;
}

/**
 * Ends the run with a summary of its tasks (core/run/end-run.ts); tasks that never ran are marked
 * cancelled when the run was, or passed its time limit. The first end of the run is counted
 * (`workflow_agent_runs_finished_total`).
 */
export async function finishRun({ models }: Pick<ActivityDeps, 'models'>, input: FinishRunInput): Promise<void> {
  const limit = input.timedOutAfterSeconds;
  const ended = await endRun(models.WorkflowRun.sequelize!, {
    runId: input.runId,
    status: input.status,
    cancelUnfinished: input.status === 'cancelled' || limit !== undefined,
    error: limit === undefined ? null : `The run passed its time limit of ${limit} s; ${unfinishedCancelled}.`,
    ...(limit === undefined ? {} : { summary: { timedOut: true } }),
    onlyUnended: false,
  });
  // An activity run again (after a crash) ends the run again, but counts it once.
  if (ended?.firstEnd) {
    runMetrics().runsFinished.add(1, { status: input.status });
    logger.info(
      { runId: input.runId, status: input.status },
      `run ${input.status === 'success' ? 'succeeded' : input.status}`,
    );
  }
}
