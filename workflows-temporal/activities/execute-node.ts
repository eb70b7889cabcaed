import { Context } from '@temporalio/activity';
import type { SpecNode } from '../../core/spec/spec.schema';
import { boundOutput } from './bounded-output';
import { untilDatabaseAnswers } from './database-wait';
import { whileHeartbeating } from './heartbeat';
import type { ActivityDeps, NodeContext, NodeRunResult } from './node-context';
import { asNodeError, NodeError, toApplicationFailure } from '../../core/run/node-error';
import { runCondition } from './nodes/condition.executor';
import { runGoogleSheets } from './nodes/google-sheets.executor';
import { runHttpRequest } from './nodes/http-request.executor';
import { runLlm } from './nodes/llm.executor';
import { runSendEmail } from './nodes/send-email.executor';
import { runTransform } from './nodes/transform.executor';
import { loadRunScope } from './run-scope';
import { nodeTemplates } from './nodes/render';
import { storableLogs, withEntry, type TaskLogs } from '../../core/run/task-logs';

/** What a node's activity tells the workflow: enough to route branches, nothing more. */
export interface NodeActivityResult {
  branch: string | null;
}

export interface ExecuteNodeInput {
  runId: string;
  ownerId: string;
  node: SpecNode;
  /** The node's retry limit, so the last attempt can mark the task failed itself. */
  maximumAttempts: number;
}

function runNode(node: SpecNode, ctx: NodeContext): Promise<NodeRunResult> {
  switch (node.type) {
    case 'http_request':
      return runHttpRequest(node.config, ctx);
    case 'send_email':
      return runSendEmail(node.config, ctx);
    case 'google_sheets':
      return runGoogleSheets(node.config, ctx);
    case 'transform':
      return runTransform(node.config, ctx);
    case 'condition':
      return runCondition(node.config, ctx);
    case 'llm':
      return runLlm(node.config, ctx);
    case 'delay':
    case 'approval':
      // The workflow runs these itself (a durable timer, a signal); reaching here is a bug.
      throw new NodeError(`${node.type} nodes are run by the workflow, not by an activity`, 'InterpreterBug', false);
  }
}

/**
 * One attempt of one node: records the attempt, renders templates against the run's data, does the
 * work, and stores the bounded output in `tasks`. Temporal sees only the branch taken.
 */
async function attemptNode(deps: ActivityDeps, input: ExecuteNodeInput): Promise<NodeActivityResult> {
  const { attempt } = Context.current().info;
  const task = await deps.models.Task.findOne({
    where: { workflowRunId: input.runId, nodeId: input.node.id },
    rejectOnEmpty: true,
  });
  let logs: TaskLogs = withEntry(task.logs, 'info', `attempt ${attempt} of ${input.maximumAttempts} started`);
  await task.update({ taskStatus: 'running', attemptCount: attempt, startedAt: task.startedAt ?? new Date(), logs });
  const ctx: NodeContext = {
    deps,
    ownerId: input.ownerId,
    templates: nodeTemplates(await loadRunScope(deps.models, input.runId)),
    log: (message) => (logs = withEntry(logs, 'info', message)),
  };
  try {
    const result = await runNode(input.node, ctx);
    const { output, truncated } = boundOutput(result.output);
    logs = withEntry(logs, 'info', `attempt ${attempt} succeeded${truncated ? ' (output truncated for storage)' : ''}`);
    const { error: _previousError, ...rest } = logs;
    // A run cancelled while this attempt worked has already marked the task cancelled: keep that.
    if ((await task.reload()).taskStatus === 'cancelled') return { branch: null };
    await task.update({
      taskStatus: 'success',
      finishedAt: new Date(),
      logs: storableLogs({ ...rest, output, outputTruncated: truncated }),
    });
    return { branch: result.branch ?? null };
  } catch (thrown) {
    const error = asNodeError(thrown);
    const final = !error.retryable || attempt >= input.maximumAttempts;
    logs = withEntry(logs, 'error', `attempt ${attempt} failed: ${error.message}${final ? '' : '; will retry'}`);
    logs = { ...logs, error: { message: error.message, type: error.type, retryable: error.retryable } };
    if ((await task.reload()).taskStatus !== 'cancelled')
      await task.update({
        taskStatus: final ? 'failed' : 'running',
        finishedAt: final ? new Date() : null,
        logs: storableLogs(logs),
      });
    throw toApplicationFailure(error);
  }
}

/**
 * The node's activity: one attempt, once PostgreSQL answers, heartbeating while it waits and works
 * (see run-spec.workflow.ts).
 */
export function executeNode(deps: ActivityDeps, input: ExecuteNodeInput): Promise<NodeActivityResult> {
  return whileHeartbeating(async () => {
    await untilDatabaseAnswers(deps.models.Task.sequelize!);
    return attemptNode(deps, input);
  });
}
