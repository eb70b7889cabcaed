import { literal, Op, type Transaction } from 'sequelize';
import type { Models, Workflow, WorkflowRun } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import type { RunOverlap } from '../../core/spec/run-overlap';

// The API's side of a workflow's `settings.overlap` (docs/decisions/0010-run-overlap.md): whether a
// run it is asked to start may start now, must wait, or is refused. A Schedule's runs follow the
// same setting through Temporal's overlap policy (server/temporal/schedules.ts).

/**
 * A buffered run: recorded, but not yet handed to Temporal. Every run the API starts gets its
 * Temporal workflow id with its row, so a pending row without one waits; rows from before the id
 * was kept (migration 0010) have no trigger either, and are never taken for one.
 */
export const isWaiting = (run: Pick<WorkflowRun, 'runStatus' | 'temporalWorkflowId' | 'runTrigger'>) =>
  run.runStatus === 'pending' && run.temporalWorkflowId === null && run.runTrigger !== null;

/** The same test in SQL, for rows of `workflow_runs`. */
export const waitingSql = "run_status = 'pending' AND temporal_workflow_id IS NULL AND run_trigger IS NOT NULL";

/**
 * Serialises, until the transaction ends, everyone deciding whether a run of this workflow may
 * start: two requests at the same moment then see each other's rows. A transaction-level advisory
 * lock is released by the commit that makes the row visible, and by a rollback; a 64-bit hash of
 * the id keeps it apart from other locks (a collision only makes two workflows wait on each other).
 */
export async function lockWorkflowRuns(models: Models, workflowId: string, transaction: Transaction) {
  await models.WorkflowRun.sequelize!.query('SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))', {
    replacements: { key: `workflow-runs:${workflowId}` },
    transaction,
  });
}

/**
 * The workflow's runs that have not ended, oldest first: those going, and those waiting. Test runs
 * are not among them: they act on nothing outside, so they neither wait nor hold a real run back.
 */
export async function unendedRuns(models: Models, workflowId: string, transaction: Transaction) {
  const runs = await models.WorkflowRun.findAll({
    where: {
      workflowId,
      runStatus: { [Op.in]: ['pending', 'running'] },
      [Op.and]: [literal("run_trigger IS DISTINCT FROM 'test'")],
    },
    attributes: ['id', 'runStatus', 'temporalWorkflowId', 'runTrigger', 'createdAt'],
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
    transaction,
  });
  return { going: runs.filter((run) => !isWaiting(run)), waiting: runs.filter(isWaiting) };
}

/** What the API does with a new run of the workflow: start it, or keep it waiting behind a run. */
export type Admission = { start: true } | { start: false; behind: string };

/**
 * Decides, inside the transaction that records the new run, under the workflow's lock, whether it
 * starts. Throws CONFLICT (naming the runs in the way) when the setting refuses it, so the
 * transaction records nothing. The workflow's current setting decides, whatever spec the run takes;
 * "allow" needs no decision (nor lock, nor transaction): runs of such a workflow never wait.
 */
export async function admitRun(
  models: Models,
  workflow: Workflow,
  overlap: Exclude<RunOverlap, 'allow'>,
  transaction: Transaction,
): Promise<Admission> {
  await lockWorkflowRuns(models, workflow.id, transaction);
  const { going, waiting } = await unendedRuns(models, workflow.id, transaction);
  const first = going[0] ?? waiting[0];
  if (!first) return { start: true };
  if (overlap === 'skip') {
    const state = isWaiting(first) ? 'waiting to start' : first.runStatus;
    throw new AppError(
      'CONFLICT',
      `Skipped: run ${first.id} of this workflow is still ${state}, and its overlap setting is "skip". Nothing was started; try again once that run has ended.`,
      { skipped: true, overlap, runningRunId: first.id },
    );
  }
  if (going.length > 0 && waiting.length > 0)
    throw new AppError(
      'CONFLICT',
      `Skipped: run ${going[0]!.id} of this workflow is still ${going[0]!.runStatus} and run ${waiting[0]!.id} already waits to start after it; the overlap setting "buffer_one" keeps one waiting run. Nothing was started; try again once run ${going[0]!.id} has ended.`,
      { skipped: true, overlap, runningRunId: going[0]!.id, waitingRunId: waiting[0]!.id },
    );
  // Behind the run going, or, when the one that waited is about to be started (its predecessor
  // ended a moment ago), behind that one: it starts first, and this one waits for it.
  return { start: false, behind: first.id };
}
