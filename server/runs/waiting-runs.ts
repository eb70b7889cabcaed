import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { AppServices } from '../app-services';
import type { Models, Workflow, WorkflowRun } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { runFinishedChannel } from '../../core/run/run-finished';
import { runTemporalWorkflowId } from '../../core/run/temporal-links';
import { runOverlap } from '../../core/spec/run-overlap';
import { launchRun } from './runs.service';
import { logger } from '../../core/logging/logger';
import { lockWorkflowRuns, unendedRuns, waitingSql } from './run-overlap.service';
import { repeatSweep } from './repeating-sweep';

// Runs kept waiting by `settings.overlap: "buffer_one"` start here, when the run in their way has
// ended: on the worker's run-ended notification, and by a sweep at the API's start and every
// half-minute, for runs that ended while no API listened. docs/decisions/0010-run-overlap.md.

/**
 * Ends a waiting run as cancelled (its tasks that had not run too) when it is still waiting.
 * False when it is not: it has just been started, and is cancelled through Temporal instead.
 */
export async function cancelWaitingRun(models: Models, runId: string, reason: string): Promise<boolean> {
  return models.WorkflowRun.sequelize!.transaction(async (transaction) => {
    const now = new Date();
    // Conditional, as the start's claim is: whichever commits first wins the row.
    const [count] = await models.WorkflowRun.update(
      { runStatus: 'cancelled', finishedAt: now },
      { where: { id: runId, runStatus: 'pending', temporalWorkflowId: null }, transaction },
    );
    if (count === 0) return false;
    await models.Task.update(
      { taskStatus: 'cancelled', finishedAt: now },
      { where: { workflowRunId: runId, taskStatus: { [Op.in]: ['pending', 'running'] } }, transaction },
    );
    const tasks = await models.Task.findAll({ where: { workflowRunId: runId }, transaction });
    // Shaped like the summary the worker writes when it ends a run, with the reason it never started.
    const nodes = Object.fromEntries(tasks.map((task) => [task.nodeId, task.taskStatus]));
    await models.WorkflowRun.update(
      { resultSummary: { status: 'cancelled', nodes, failures: [], durationMs: null, reason } },
      { where: { id: runId }, transaction },
    );
    await notifyEnded(models, runId, transaction);
    return true;
  });
}

const notifyEnded = (models: Models, runId: string, transaction: Transaction) =>
  models.WorkflowRun.sequelize!.query(`SELECT pg_notify('${runFinishedChannel}', :runId)`, {
    replacements: { runId },
    transaction,
  });

/**
 * Takes, under the workflow's lock, its oldest waiting run when nothing else of it is going (or
 * the setting has since become "allow"), giving it its Temporal workflow id; null when none may
 * start. A waiting run of an archived workflow is cancelled instead.
 */
async function claimWaitingRun(
  models: Models,
  workflowId: string,
): Promise<{ run: WorkflowRun; workflow: Workflow } | { cancel: string[] } | null> {
  return models.WorkflowRun.sequelize!.transaction(async (transaction) => {
    await lockWorkflowRuns(models, workflowId, transaction);
    const { going, waiting } = await unendedRuns(models, workflowId, transaction);
    const next = waiting[0];
    if (!next) return null;
    const workflow = await models.Workflow.findByPk(workflowId, { transaction, rejectOnEmpty: true });
    if (workflow.status === 'archived') return { cancel: waiting.map((run) => run.id) };
    if (going.length > 0 && runOverlap(workflow.specJson, 'app') !== 'allow') return null;
    const [count] = await models.WorkflowRun.update(
      { temporalWorkflowId: runTemporalWorkflowId(next.id) },
      { where: { id: next.id, runStatus: 'pending', temporalWorkflowId: null }, transaction },
    );
    if (count === 0) return null;
    const run = await models.WorkflowRun.findByPk(next.id, { transaction, rejectOnEmpty: true });
    return { run, workflow };
  });
}

/** Who asked for the run, as its start's audit entry says: Temporal's memo shows it. */
async function startedBy(models: Models, run: WorkflowRun): Promise<string> {
  const entry = await models.AuditLog.findOne({
    where: { action: 'run.start', resourceType: 'workflow_run', resourceId: run.id },
    include: [{ model: models.User, as: 'actor', attributes: ['email'] }],
  });
  return (entry as { actor?: { email: string } | null } | null)?.actor?.email ?? run.runTrigger!;
}

/**
 * Starts the workflow's waiting run when the run in its way has ended. Safe to call at any time,
 * from any number of API processes at once: the lock and the conditional claim start it once.
 * Returns the id of the run it started, or null.
 */
export async function startWaitingRun(services: AppServices, workflowId: string): Promise<string | null> {
  const { models } = services;
  const claimed = await claimWaitingRun(models, workflowId);
  if (!claimed) return null;
  if ('cancel' in claimed) {
    for (const runId of claimed.cancel)
      await cancelWaitingRun(models, runId, 'The workflow was archived before this run could start.');
    return null;
  }
  const { run, workflow } = claimed;
  const tasks = await models.Task.findAll({ where: { workflowRunId: run.id, taskStatus: 'success' } });
  // A run that has not started has no task done but those a resume reuses.
  const reused = run.resumedFromRunId
    ? Object.fromEntries(
        // Loop items kept from the resumed run (keys with brackets) are the loop's to skip.
        tasks.filter((task) => !task.nodeId.includes('[')).map((task) => [task.nodeId, task.logs.branch ?? null]),
      )
    : undefined;
  try {
    await launchRun(services, run, workflow, { startedBy: await startedBy(models, run), reused });
  } catch (error) {
    // launchRun has recorded the run as failed, with the reason, for its page to show.
    if (!(error instanceof AppError)) throw error;
    logger.warn({ runId: run.id, err: error }, 'a waiting run could not start');
  }
  return run.id;
}

/** Every workflow with a waiting run, each given the chance to start it. */
export async function startWaitingRuns(services: AppServices): Promise<number> {
  const rows = await services.sequelize.query<{ workflow_id: string }>(
    `SELECT DISTINCT workflow_id FROM workflow_runs WHERE ${waitingSql}`,
    { type: QueryTypes.SELECT },
  );
  let started = 0;
  for (const { workflow_id: workflowId } of rows) if (await startWaitingRun(services, workflowId)) started++;
  return started;
}

/** Whether the workflow of the run that ended has a run waiting: one indexed read per ended run. */
async function waitsBehind(services: AppServices, endedRunId: string): Promise<string | null> {
  const [row] = await services.sequelize.query<{ workflow_id: string }>(
    `SELECT workflow_id FROM workflow_runs
      WHERE workflow_id = (SELECT workflow_id FROM workflow_runs WHERE id = :endedRunId) AND ${waitingSql}
      LIMIT 1`,
    { replacements: { endedRunId }, type: QueryTypes.SELECT },
  );
  return row?.workflow_id ?? null;
}

/**
 * From the API's start until `stop`: starts waiting runs as the runs in their way end, and sweeps
 * every `sweepMs` (and once at once) for those whose predecessor ended unheard (the API was down,
 * or its listening connection was being made again).
 */
export function startWaitingRunsWhenFree(services: AppServices, { sweepMs = 30_000 } = {}) {
  const sweeps = repeatSweep('start waiting runs', sweepMs, async () => {
    const started = await startWaitingRuns(services);
    if (started) logger.info({ started }, 'started waiting runs whose predecessor had ended');
  });
  const unsubscribe = services.runEnds.onRunEnd((runId) => {
    void waitsBehind(services, runId)
      .then((workflowId) => workflowId && startWaitingRun(services, workflowId))
      .catch((error: unknown) => logger.error({ err: error }, `could not start the run waiting behind run ${runId}`));
  });
  return {
    swept: sweeps.swept,
    async stop() {
      unsubscribe();
      await sweeps.stop();
    },
  };
}
