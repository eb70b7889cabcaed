import { WorkflowNotFoundError } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Op } from 'sequelize';
import type { AppServices } from '../app-services';
import type { WorkflowRun } from '../../core/db/models';
import { recordAudit } from '../audit/audit.service';
import { endRun } from '../../core/run/end-run';
import type { RunOutcome } from '../../core/run/run-contract';
import { logger } from '../../core/logging/logger';
import { withTemporalDeadline } from '../temporal/temporal-call';

// A run's row ends when its workflow says so (the worker's `finishRun`, or its last node). An
// execution that closes without running that code leaves the row `running` for ever: one
// terminated by hand in the Temporal Web UI, one that passed an execution timeout, one whose end
// could not be written, one Temporal has since removed. Such a row looks alive on the run's page
// and, under the `skip` and `buffer_one` overlap settings, holds the workflow's next runs back.
// The API's sweep finds these runs by asking Temporal's visibility about the unended ones, and
// ends them as Temporal tells.

// CommonJS package: its namespaces are reachable through the default import only under ESM.
const { EventType } = proto.temporal.api.enums.v1;

/** How Temporal closed an execution, as the run records it. */
interface ExecutionEnd {
  /** Temporal's word for it: terminated, timed_out, failed, cancelled, completed. */
  execution: string;
  status: RunOutcome;
  /** Why, for the run's page; null when the nodes tell (the execution completed). */
  error: string | null;
  /** What Temporal recorded about it (the reason and who terminated it, the failure). */
  details: Record<string, string>;
}

/** Temporal's text, cut to what a page can show: reasons and identities are typed by people. */
const clip = (text: string | null | undefined) => (text ?? '').slice(0, 500);

/** The run's outcome from its execution's closing event. */
function executionEnd(event: proto.temporal.api.history.v1.IHistoryEvent): ExecutionEnd | null {
  const unfinished = 'its unfinished nodes were cancelled';
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: {
      const { reason, identity } = event.workflowExecutionTerminatedEventAttributes ?? {};
      const said = [reason ? `"${clip(reason)}"` : null, identity ? `by ${clip(identity)}` : null].filter(Boolean);
      return {
        execution: 'terminated',
        status: 'failed',
        error: `Its Temporal execution was terminated${said.length ? ` (${said.join(', ')})` : ''} before the run ended; ${unfinished}.`,
        details: { reason: clip(reason), identity: clip(identity) },
      };
    }
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
      return {
        execution: 'timed_out',
        status: 'failed',
        error: `Its Temporal execution passed its execution timeout before the run ended; ${unfinished}.`,
        details: {},
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: {
      const message = clip(event.workflowExecutionFailedEventAttributes?.failure?.message);
      return {
        execution: 'failed',
        status: 'failed',
        error: `Its Temporal execution failed (${message || 'no message'}) without recording the run's end; ${unfinished}.`,
        details: { failure: message },
      };
    }
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
      return {
        execution: 'cancelled',
        status: 'cancelled',
        error: `Its Temporal execution was cancelled without recording the run's end; ${unfinished}.`,
        details: {},
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      return { execution: 'completed', status: 'success', error: null, details: {} };
    default:
      return null; // continued as new, or not a closing event: a newer execution goes on
  }
}

/**
 * How Temporal ended the newest execution with this workflow id, or null while one runs (a reset
 * in the Web UI closes the old execution and goes on in a new one). An execution Temporal no
 * longer has (removed after the namespace's retention, or the server's data reset) ends the run too.
 */
async function executionEndOf(services: AppServices, workflowId: string): Promise<ExecutionEnd | null> {
  const { client } = services.temporal;
  let description;
  try {
    description = await withTemporalDeadline(client, () => client.workflow.getHandle(workflowId).describe());
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return {
      execution: 'missing',
      status: 'failed',
      error:
        'Temporal no longer has an execution for this run (removed after its retention, or its data was reset); its unfinished nodes were cancelled.',
      details: {},
    };
  }
  if (description.status.name === 'RUNNING') return null;
  const { history } = await withTemporalDeadline(client, () =>
    client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: client.options.namespace,
      execution: { workflowId, runId: description.runId },
      maximumPageSize: 1,
    }),
  );
  const last = history?.events?.[0];
  return last ? executionEnd(last) : null;
}

/** A visibility query's string literal; Temporal's ids here hold no quote, but a row is data. */
const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * A run whose execution Temporal's visibility does not list is only looked up once it is this old:
 * visibility indexes a new execution a moment after it starts.
 */
const unlistedAfterMs = 5 * 60_000;

/**
 * One sweep: every unended run that has a Temporal execution, `pageSize` at a time (one
 * visibility query a page), ended as Temporal closed its execution. Returns the runs it ended.
 * Safe beside other API processes and the worker: a run already ended is left as it is.
 */
export async function endRunsOfClosedExecutions(services: AppServices, { pageSize = 100 } = {}): Promise<string[]> {
  const { models } = services;
  const { client } = services.temporal;
  const ended: string[] = [];
  let after: string | null = null;
  for (;;) {
    const runs: WorkflowRun[] = await models.WorkflowRun.findAll({
      attributes: ['id', 'temporalWorkflowId', 'createdAt'],
      where: {
        runStatus: { [Op.in]: ['pending', 'running'] },
        temporalWorkflowId: { [Op.ne]: null },
        ...(after ? { id: { [Op.gt]: after } } : {}),
      },
      order: [['id', 'ASC']],
      limit: pageSize,
    });
    if (runs.length === 0) return ended;
    after = runs.at(-1)!.id;
    // Every execution of these workflow ids, running or closed (a reset leaves one of each).
    const statuses = new Map<string, Set<string>>();
    const query = `WorkflowId IN (${runs.map((run) => literal(run.temporalWorkflowId!)).join(', ')})`;
    await withTemporalDeadline(client, async () => {
      for await (const execution of client.workflow.list({ query }))
        statuses.set(
          execution.workflowId,
          (statuses.get(execution.workflowId) ?? new Set()).add(execution.status.name),
        );
    });
    const unlistedBefore = Date.now() - unlistedAfterMs;
    for (const run of runs) {
      const seen = statuses.get(run.temporalWorkflowId!);
      if (seen ? seen.has('RUNNING') : run.createdAt.getTime() > unlistedBefore) continue;
      const end = await executionEndOf(services, run.temporalWorkflowId!);
      if (!end || !(await endRunAsTemporalDid(services, run.id, end))) continue;
      ended.push(run.id);
      logger.warn(
        { runId: run.id, execution: end.execution, ...end.details },
        `ended run ${run.id}: its Temporal execution had closed (${end.execution}) without ending it`,
      );
    }
    if (runs.length < pageSize) return ended;
  }
}

async function endRunAsTemporalDid(services: AppServices, runId: string, end: ExecutionEnd): Promise<boolean> {
  const { models } = services;
  const result = await endRun(models.WorkflowRun.sequelize!, {
    runId,
    status: end.status,
    cancelUnfinished: true,
    error: end.error,
    summary: { execution: end.execution },
    onlyUnended: true,
  });
  if (!result) return false;
  await recordAudit(models, {
    actorId: null,
    action: 'run.end_closed_execution',
    resourceType: 'workflow_run',
    resourceId: runId,
    details: { execution: end.execution, status: end.status, ...end.details },
  });
  return true;
}

/**
 * From the API's start until `stop`: a sweep at once and every `sweepMs`. An ended run notifies
 * as the worker's end does, so a run waiting behind it starts (waiting-runs.ts).
 */
export function endRunsOfClosedExecutionsEvery(services: AppServices, { sweepMs = 60_000 } = {}) {
  const sweep = () =>
    endRunsOfClosedExecutions(services).catch((error: unknown) =>
      logger.error({ err: error }, 'could not check unended runs against their Temporal executions'),
    );
  const timer = setInterval(() => void sweep(), sweepMs);
  timer.unref();
  const first = sweep();
  return {
    /** The first sweep, for a caller that must know it is done. */
    swept: first,
    stop: () => clearInterval(timer),
  };
}
