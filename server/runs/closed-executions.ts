import { Op } from 'sequelize';
import type { AppServices } from '../app-services';
import type { WorkflowRun } from '../../core/db/models';
import { recordAudit } from '../audit/audit.service';
import { endRun } from '../../core/run/end-run';
import {
  runFailureAlertWorkflowId,
  runFailureAlertWorkflowType,
  type RunFailureAlertWorkflow,
} from '../../core/run/run-contract';
import { logger } from '../../core/logging/logger';
import { withTemporalDeadline } from '../temporal/temporal-call';
import { executionEndOf, type ExecutionEnd } from './execution-end';
import { repeatSweep } from './repeating-sweep';

// A run's row ends when its workflow says so (the worker's `finishRun`, or its last node). An
// execution that closes without running that code leaves the row `running` for ever: one
// terminated by hand in the Temporal Web UI, one that passed an execution timeout, one whose end
// could not be written, one Temporal has since removed. Such a row looks alive on the run's page
// and, under the `skip` and `buffer_one` overlap settings, holds the workflow's next runs back.
// The API's sweep finds these runs by asking Temporal's visibility about the unended ones, and
// ends them as Temporal tells.

export interface SweepOptions {
  /** Unended runs asked about in one visibility query. */
  pageSize?: number;
  /**
   * Runs visibility did not list, by when a sweep first found them so: one is looked up only when
   * a later sweep, `confirmAfterMs` on, still does not find it. Visibility lists a new execution
   * a moment after it starts, and a waiting run gets its workflow id a moment before its start.
   * Keep one map across sweeps: with a new one each time, no missing run is ever ended.
   */
  unlisted?: Map<string, number>;
  confirmAfterMs?: number;
}

/**
 * One sweep: every unended run that has a Temporal execution, `pageSize` at a time, ended as
 * Temporal closed its execution. Returns the runs it ended. Safe beside other API processes and
 * the worker: a run already ended is left as it is. A run that cannot be looked up now is left to
 * the next sweep, not in the way of the others.
 */
export async function endRunsOfClosedExecutions(
  services: AppServices,
  { pageSize = 100, unlisted = new Map(), confirmAfterMs = 120_000 }: SweepOptions = {},
): Promise<string[]> {
  const { models } = services;
  const { client } = services.temporal;
  const ended: string[] = [];
  const stillUnlisted = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const runs: WorkflowRun[] = await models.WorkflowRun.findAll({
      attributes: ['id', 'temporalWorkflowId'],
      where: {
        runStatus: { [Op.in]: ['pending', 'running'] },
        temporalWorkflowId: { [Op.ne]: null },
        ...(after ? { id: { [Op.gt]: after } } : {}),
      },
      order: [['id', 'ASC']],
      limit: pageSize,
    });
    if (runs.length === 0) break;
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
    const now = Date.now();
    for (const run of runs) {
      const seen = statuses.get(run.temporalWorkflowId!);
      if (seen?.has('RUNNING')) continue;
      if (!seen) {
        stillUnlisted.add(run.id);
        const since = unlisted.get(run.id) ?? now;
        unlisted.set(run.id, since);
        if (now - since < confirmAfterMs) continue;
      }
      try {
        const end = await executionEndOf(services, run.temporalWorkflowId!);
        if (end && (await endRunAsTemporalDid(services, run.id, end))) ended.push(run.id);
      } catch (error) {
        logger.error({ err: error, runId: run.id }, `could not check run ${run.id} against its Temporal execution`);
      }
    }
    if (runs.length < pageSize) break;
  }
  for (const runId of unlisted.keys()) if (!stillUnlisted.has(runId) || ended.includes(runId)) unlisted.delete(runId);
  return ended;
}

/** A visibility query's string literal; Temporal's ids here hold no quote, but a row is data. */
const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

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
  services.metrics.runsEndedAfterExecution.inc({ execution: end.execution });
  logger.warn(
    { runId, execution: end.execution, ...end.details },
    `ended run ${runId}: its Temporal execution had closed (${end.execution}) without ending it`,
  );
  if (end.status === 'failed') await alertAboutFailure(services, runId);
  return true;
}

/**
 * Starts the failure alert the run's own workflow never got to send (decision 0014): its owner
 * hears of this failure as of any other. A start that fails is logged: the run has ended either
 * way, so no later sweep comes back to it.
 */
async function alertAboutFailure(services: AppServices, runId: string): Promise<void> {
  const { client } = services.temporal;
  try {
    await withTemporalDeadline(client, () =>
      client.workflow.start<RunFailureAlertWorkflow>(runFailureAlertWorkflowType, {
        taskQueue: services.config.TEMPORAL_TASK_QUEUE,
        workflowId: runFailureAlertWorkflowId(runId),
        args: [{ runId }],
        staticSummary: `failure alert of run ${runId}`,
        // Its activity retries deliveries for minutes; an alert that no worker sent in an hour is stale.
        workflowExecutionTimeout: '1 hour',
      }),
    );
  } catch (error) {
    logger.error({ err: error, runId }, `could not start the failure alert of run ${runId}`);
  }
}

/**
 * From the API's start until `stop`: a sweep at once and every `sweepMs`. An ended run notifies as
 * the worker's end does, so a run waiting behind it starts (waiting-runs.ts).
 */
export function endRunsOfClosedExecutionsEvery(services: AppServices, { sweepMs = 60_000 } = {}) {
  const unlisted = new Map<string, number>();
  return repeatSweep('check unended runs against their Temporal executions', sweepMs, () =>
    endRunsOfClosedExecutions(services, { unlisted }),
  );
}
