import { trace } from '@opentelemetry/api';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { SpecNode } from '../../core/spec/spec.schema';
import { boundOutput } from './bounded-output';
import { readOnceDatabaseAnswers } from './database-wait';
import { whileHeartbeating } from './heartbeat';
import { idempotencyKey } from './idempotency-key';
import type { ActivityDeps, NodeContext, NodeRunResult } from './node-context';
import { asNodeError, NodeError, toApplicationFailure } from '../../core/run/node-error';
import { runCondition } from './nodes/condition.executor';
import { runGoogleSheets } from './nodes/google-sheets.executor';
import { runHttpRequest } from './nodes/http-request.executor';
import { runLlm } from './nodes/llm.executor';
import { runSendEmail } from './nodes/send-email.executor';
import { runTransform } from './nodes/transform.executor';
import { nodeTemplates } from './nodes/render';
import { withEntry, type TaskLogs } from '../../core/run/task-logs';
import { nodesRead } from '../../core/spec/node-references';
import { taskKey } from '../../core/spec/spec-graph';
import { finishItem, type FinishItemInput } from './loop-records';
import { finishRun } from './run-records';
import { loadAttempt, loadTask, terminalStatuses, writeTask, type TaskRow } from './task-rows';
import { runMetrics } from '../telemetry/run-metrics';
import { logger } from '../../core/logging/logger';

/** What a node's activity tells the workflow: enough to route branches, nothing more. */
export interface NodeActivityResult {
  branch: string | null;
  /** The activity ended the run too (`endsRun`), so the workflow need not. */
  runEnded?: boolean;
  /** The activity ended the loop item too (`endsItem`), so the batch need not. */
  itemEnded?: boolean;
}

export interface ExecuteNodeInput {
  runId: string;
  ownerId: string;
  node: SpecNode;
  /** In a loop body: the item, one index per loop around the node (its rows' key, `taskKey`). */
  path?: number[];
  /** The node's retry limit, so the last attempt can mark the task failed itself. */
  maximumAttempts: number;
  /**
   * Set when every other node had settled as this one started: its outcome ends the run, in this
   * activity, saving the run a step. `othersFailed` says whether the run failed whatever this does;
   * `failureHandled` that this node's own failure does not fail it (`onError: "continue"`).
   */
  endsRun?: { othersFailed: boolean; failureHandled?: boolean };
  /**
   * Set, in a loop body, when every other body node of the item had settled as this one started:
   * its outcome ends the item (`finishItem`), in this activity. `othersFailed` names the body nodes
   * whose failure nothing handled.
   */
  endsItem?: Omit<FinishItemInput, 'runId' | 'failedNodes'> & { othersFailed: string[]; failureHandled?: boolean };
}

/**
 * Work with no effect outside the run, done in milliseconds: nobody needs to see it running, and an
 * attempt lost with its worker changes nothing when repeated, so its only write is its outcome.
 */
const pureNodeTypes = new Set<SpecNode['type']>(['transform', 'condition']);

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
    case 'for_each':
      // The workflow runs these itself (a durable timer, a signal, child workflows); reaching here is a bug.
      throw new NodeError(`${node.type} nodes are run by the workflow, not by an activity`, 'InterpreterBug', false);
  }
}

/**
 * What an attempt does when its task has already ended: a node that finished before a crash (its
 * write made, Temporal not told) is not run again; its recorded branch or failure stands.
 */
function alreadyEnded(task: TaskRow): NodeActivityResult {
  if (task.status === 'failed') {
    const error = task.logs.error;
    throw toApplicationFailure(new NodeError(error?.message ?? 'failed', error?.type ?? 'NodeFailed', false));
  }
  // success keeps its branch; a run cancelled meanwhile has marked the task cancelled: keep that.
  return { branch: task.status === 'success' ? (task.logs.branch ?? null) : null };
}

/**
 * One attempt of one node: reads its task and the data its templates read (one query), does the
 * work, and stores the attempt's outcome and bounded output in `tasks` (one update). Temporal sees
 * only the branch taken. A node with effects outside (a call, an email, a row) also marks its task
 * running first: the app shows it working, and an attempt lost with its worker stays counted.
 */
async function attemptNode(deps: ActivityDeps, input: ExecuteNodeInput): Promise<NodeActivityResult> {
  const { attempt } = Context.current().info;
  const { runId, node, path = [] } = input;
  const key = taskKey(node.id, path);
  // The activity's span (when traced) and log lines name the run and the node, as the app does.
  trace.getActiveSpan()?.setAttributes({ 'run.id': runId, 'node.id': key, 'node.type': node.type });
  const log = logger.child({ runId, nodeId: key, nodeType: node.type });
  const { task, scope, test } = await readOnceDatabaseAnswers(deps.models.Task.sequelize!, () =>
    loadAttempt(deps.models, { runId, node, path }, nodesRead(node)),
  );
  if (terminalStatuses.includes(task.status)) return alreadyEnded(task);
  // Temporal counts a local activity's attempts afresh on the worker that takes over after a crash;
  // the row remembers the attempt that was lost, so the count stays the user's.
  const number = Math.max(attempt, task.attemptCount + 1);
  const started = { attemptCount: number, startedAt: task.startedAt ?? new Date() };
  let logs: TaskLogs = withEntry(task.logs, 'info', `attempt ${number} of ${input.maximumAttempts} started`);
  // A test run acts on nothing outside, so it has nothing to announce either.
  const announce = !pureNodeTypes.has(node.type) && !test;
  if (
    announce &&
    !(await writeTask(deps.models, runId, key, task.runPending, { taskStatus: 'running', logs, ...started }))
  )
    return alreadyEnded(await loadTask(deps.models, runId, key));
  // After that write, the run has been marked running (by it, or by another).
  const runPending = task.runPending && !announce;
  const templates = nodeTemplates(scope);
  const ctx: NodeContext = {
    deps,
    ownerId: input.ownerId,
    templates,
    idempotencyKey: idempotencyKey({ runId, nodeId: node.id, path }),
    log: (message) => (logs = withEntry(logs, 'info', message)),
    test,
  };
  // What a test run reports beside the outcome: the effect and sample, and the templates that rendered empty.
  const tested = (): TaskLogs => {
    if (!test) return {};
    const emptyTemplates = templates.emptyFields();
    return {
      ...(test.effect ? { effect: test.effect } : {}),
      ...(test.answeredWith ? { sample: test.answeredWith } : {}),
      ...(emptyTemplates.length ? { emptyTemplates } : {}),
    };
  };
  try {
    const result = await runNode(node, ctx);
    const { output, truncated } = boundOutput(result.output);
    logs = withEntry(logs, 'info', `attempt ${number} succeeded${truncated ? ' (output truncated for storage)' : ''}`);
    const { error: _previousError, ...rest } = logs;
    const branch = result.branch ?? null;
    await writeTask(deps.models, runId, key, runPending, {
      taskStatus: 'success',
      ...started,
      finishedAt: new Date(),
      logs: { ...rest, output, outputTruncated: truncated, branch, ...tested() },
    });
    return { branch };
  } catch (thrown) {
    const error = asNodeError(thrown);
    // The user's count decides the last attempt, so a crash cannot buy a node more than its limit.
    const final = !error.retryable || number >= input.maximumAttempts;
    logs = withEntry(logs, 'error', `attempt ${number} failed: ${error.message}${final ? '' : '; will retry'}`);
    logs = { ...logs, ...tested(), error: { message: error.message, type: error.type, retryable: error.retryable } };
    await writeTask(deps.models, runId, key, runPending, {
      taskStatus: final ? 'failed' : 'running',
      ...started,
      finishedAt: final ? new Date() : null,
      logs,
    });
    if (final) runMetrics().nodeFailures.add(1, { node_type: node.type });
    log[final ? 'warn' : 'info'](
      { attempt: number, errorType: error.type, retryable: error.retryable },
      `node attempt ${number} failed${final ? '' : ', will retry'}: ${error.message}`,
    );
    throw toApplicationFailure(final ? new NodeError(error.message, error.type, false) : error);
  }
}

/**
 * Ends the run after the attempt when the node is the run's last (`endsRun`): with the node's
 * success, as the other nodes left it; with its final failure, failed unless that failure is
 * handled. An attempt that will be retried leaves the run open. Ending a run is idempotent, like
 * every bookkeeping write.
 */
async function endingRun(
  deps: ActivityDeps,
  { runId, endsRun }: ExecuteNodeInput,
  attempt: () => Promise<NodeActivityResult>,
): Promise<NodeActivityResult> {
  if (!endsRun) return attempt();
  try {
    const result = await attempt();
    await finishRun(deps, { runId, status: endsRun.othersFailed ? 'failed' : 'success' });
    return { ...result, runEnded: true };
  } catch (error) {
    if (error instanceof ApplicationFailure && error.nonRetryable) {
      const failsRun = endsRun.othersFailed || !endsRun.failureHandled;
      await finishRun(deps, { runId, status: failsRun ? 'failed' : 'success' });
    }
    throw error;
  }
}

/** Ends the loop item after the attempt when the node is the item's last (`endsItem`), as `endingRun` ends a run. */
async function endingItem(
  deps: ActivityDeps,
  { runId, node, endsItem }: ExecuteNodeInput,
  attempt: () => Promise<NodeActivityResult>,
): Promise<NodeActivityResult> {
  if (!endsItem) return attempt();
  const { othersFailed, failureHandled, ...item } = endsItem;
  try {
    const result = await attempt();
    await finishItem(deps, { runId, ...item, failedNodes: othersFailed });
    return { ...result, itemEnded: true };
  } catch (error) {
    if (error instanceof ApplicationFailure && error.nonRetryable)
      await finishItem(deps, {
        runId,
        ...item,
        failedNodes: failureHandled ? othersFailed : [...othersFailed, node.id],
      });
    throw error;
  }
}

/**
 * The node's activity: one attempt, whose first read waits for PostgreSQL to answer
 * (database-wait.ts), heartbeating while it waits and works (see run-steps.ts).
 */
export function executeNode(deps: ActivityDeps, input: ExecuteNodeInput): Promise<NodeActivityResult> {
  return whileHeartbeating(() => endingRun(deps, input, () => endingItem(deps, input, () => attemptNode(deps, input))));
}
