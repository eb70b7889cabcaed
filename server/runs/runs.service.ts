import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AppServices } from '../app-services';
import type { User, Workflow, WorkflowRun } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { runTemporalWorkflowId } from '../../core/run/temporal-links';
import { runFinishedChannel } from '../../core/run/run-finished';
import { admitRun, type Admission } from './run-overlap.service';
import { insertRun } from './run-rows';
import { runOverlap } from '../../core/spec/run-overlap';
import type { Transaction } from 'sequelize';
import { temporalTrouble, withTemporalDeadline, type TemporalTrouble } from '../temporal/temporal-call';
import { findAccessibleWorkflow } from '../workflows/workflow-access';
import { requireValidSpec } from '../workflows/spec-validation.service';
import { appOwnerIdKey, appRunIdKey, appWorkflowIdKey } from '../../core/run/search-attributes';
import { scopeNodes } from '../../core/spec/spec-graph';
import type { RunSpecInput, RunTest } from '../../core/run/run-contract';
import { startExecution, StartAnswerLost } from './start-execution';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { TaskLogs } from '../../core/run/task-logs';
import type { TaskStatus } from '../../core/db/enums';

export interface StartRunOptions {
  workflowId: string;
  /** The workflow, already loaded by a caller without an actor (a verified webhook), to save a read. */
  workflow?: Workflow;
  input: unknown;
  /** The spec to run; the workflow's current one when absent (a re-run may pass the original). */
  spec?: WorkflowSpec;
  trigger: 'manual' | 'webhook' | 'rerun' | 'resume' | 'agent';
  /**
   * Resuming a failed run: the tasks whose outcome this run takes from it, not running them again,
   * and the rows of loop items it keeps as they ended (a loop that runs again skips those items).
   */
  resume?: { fromRunId: string; tasks: ReusedTask[]; items?: ReusedItemRow[] };
}

/** A row of a loop item (or of a node under it) that a resuming run keeps as it ended. */
export interface ReusedItemRow {
  nodeId: string;
  taskStatus: TaskStatus;
  logs: TaskLogs;
}

/** A task of the resumed run whose success a resuming run keeps: its row starts ended, with these logs. */
export interface ReusedTask {
  nodeId: string;
  logs: TaskLogs;
}

/**
 * What a failed start means: 'started' when it reached Temporal after all, else the trouble (null
 * when Temporal is not the trouble). A start that went unanswered may have reached it: asking for
 * the execution (briefly) tells a run that started, which goes on as usual, from one that did not.
 */
async function startTrouble(
  client: Client,
  temporalWorkflowId: string,
  error: unknown,
): Promise<TemporalTrouble | 'started' | null> {
  // After an eager start with no answer, not found now does not mean never: it may still arrive.
  const lost = error instanceof StartAnswerLost;
  const trouble: TemporalTrouble | null = lost
    ? { reason: `Temporal did not answer the start (${(error.cause as Error).message})`, done: 'unknown' }
    : temporalTrouble(error);
  if (trouble?.done !== 'unknown') return trouble;
  try {
    await withTemporalDeadline(client, () => client.workflow.getHandle(temporalWorkflowId).describe(), 2000);
    return 'started';
  } catch (describeError) {
    return describeError instanceof WorkflowNotFoundError && !lost ? { ...trouble, done: 'no' } : trouble;
  }
}

/**
 * Marks a run that Temporal did not start (or may not have) as failed, with the reason, and
 * throws what to tell the person. A run that did start after all goes ahead: its workflow
 * records its real outcome over this one. The run has ended, so it notifies as the worker does
 * when it ends one: a run waiting behind this one starts.
 */
async function failUnstarted(run: WorkflowRun, error: unknown, trouble: TemporalTrouble | null): Promise<never> {
  const reason =
    error instanceof WorkflowExecutionAlreadyStartedError
      ? 'a Temporal execution with this id already exists'
      : (trouble?.reason ?? (error as Error).message);
  const unsure = trouble?.done === 'unknown';
  await run.update({
    runStatus: 'failed',
    finishedAt: new Date(),
    resultSummary: {
      status: 'failed',
      error: unsure
        ? `${reason}; if it received the start after all, the run goes ahead and this record follows it`
        : `Temporal did not start the run: ${reason}`,
    },
  });
  await run.sequelize.query(`SELECT pg_notify('${runFinishedChannel}', :id)`, { replacements: { id: run.id } });
  if (unsure)
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      `${reason}, so the run may or may not start; it is recorded as failed unless it does. Look at the workflow's runs before starting it again.`,
      { temporalDone: 'unknown' },
    );
  // Trying again later may well work: say so, rather than "something went wrong on our side".
  if (trouble)
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Temporal is unavailable, so the run could not start; it has been recorded as failed. Try again in a moment.',
      { temporalDone: 'no' },
    );
  throw new AppError(
    'INTERNAL_SERVER_ERROR',
    'The run could not be started on Temporal; it has been recorded as failed.',
  );
}

/** What Temporal is told about a run beyond its row: who started it, and the nodes it reuses. */
export interface LaunchOptions {
  /** The person's email, or the trigger when no person started it. */
  startedBy: string;
  /** Resuming: each reused node's branch (RunSpecInput.reused). */
  reused?: RunSpecInput['reused'];
  /** A test run's decisions (RunSpecInput.test). */
  test?: RunTest;
}

/**
 * Starts the Temporal execution of a recorded run, under the Temporal workflow id its row holds,
 * on the spec it snapshotted. The one path every run the API starts takes, at once or after
 * waiting (waiting-runs.ts). A start that fails marks the run failed and throws an AppError.
 */
export async function launchRun(
  { temporal, config, metrics }: Pick<AppServices, 'temporal' | 'config' | 'metrics'>,
  run: WorkflowRun,
  workflow: Workflow,
  options: LaunchOptions,
): Promise<void> {
  const temporalWorkflowId = run.temporalWorkflowId!;
  const trigger = run.runTrigger!;
  const input: RunSpecInput = {
    runId: run.id,
    workflowId: workflow.id,
    ownerId: workflow.ownerId,
    spec: run.specSnapshot!,
    tasksRecorded: true,
    ...(options.reused ? { reused: options.reused } : {}),
    ...(options.test ? { test: options.test } : {}),
  };
  try {
    await startExecution(temporal, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: temporalWorkflowId,
      workflowIdConflictPolicy: 'FAIL',
      // The id is this run's alone: one execution, even if a retried start arrives after it closed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: [
        { key: appWorkflowIdKey, value: workflow.id },
        { key: appRunIdKey, value: run.id },
        { key: appOwnerIdKey, value: workflow.ownerId },
      ],
      memo: { workflowName: workflow.name, trigger, startedBy: options.startedBy },
      staticSummary: `${workflow.name} (${trigger})`,
    });
  } catch (error) {
    const trouble = await startTrouble(temporal.client, temporalWorkflowId, error);
    if (trouble !== 'started') {
      metrics.runStartsFailed.inc({ trigger });
      await failUnstarted(run, error, trouble);
    }
  }
  metrics.runsStarted.inc({ trigger });
}

/**
 * Records a pending run, then starts its Temporal execution. The row comes first so nothing is
 * lost: if Temporal refuses, or cannot be reached within a few seconds, the run is marked failed
 * with the reason instead of vanishing or staying pending. The workflow's overlap setting may
 * refuse it (CONFLICT, nothing recorded) or keep it waiting, without a Temporal workflow id, until
 * the run in its way ends (`waitingFor` names that run; waiting-runs.ts starts it).
 * `actor` is the person starting it, who must be allowed to; null for a verified webhook.
 */
export async function startRun(services: AppServices, actor: User | null, options: StartRunOptions) {
  const { models } = services;
  const workflow = actor
    ? await findAccessibleWorkflow(models, actor, options.workflowId)
    : (options.workflow ?? (await models.Workflow.findByPk(options.workflowId)));
  if (!workflow) throw new AppError('NOT_FOUND', 'No such workflow.');
  if (workflow.status === 'archived')
    throw new AppError('BAD_REQUEST', 'This workflow is archived; restore it before running it.');
  const spec = await requireValidSpec(models, workflow.ownerId, options.spec ?? workflow.specJson, 'running it');
  // The run row and one task row per node, together: the run's workflow then has no rows to create
  // (one step fewer for every run), and the app lists every node of a run from its first moment.
  const id = randomUUID();
  const reused = new Map(options.resume?.tasks.map((task) => [task.nodeId, task.logs]));
  const record = (admission: Admission, transaction?: Transaction) =>
    insertRun(
      models,
      {
        id,
        workflowId: workflow.id,
        inputPayload: options.input ?? {},
        specSnapshot: spec,
        runTrigger: options.trigger,
        // A waiting run gets its id when it is started: none yet is what marks it waiting.
        temporalWorkflowId: admission.start ? runTemporalWorkflowId(id) : null,
        resumedFromRunId: options.resume?.fromRunId ?? null,
      },
      [
        // A loop's body nodes get their rows per item, as the loop runs them.
        ...scopeNodes(spec.nodes, null).map((node) => {
          const logs = reused.get(node.id);
          return logs ? { nodeId: node.id, taskStatus: 'success' as const, logs } : { nodeId: node.id };
        }),
        ...(options.resume?.items ?? []),
      ],
      {
        actorId: actor?.id ?? null,
        action: 'run.start',
        details: {
          workflowId: workflow.id,
          trigger: options.trigger,
          ...(admission.start ? {} : { waitingFor: admission.behind }),
        },
      },
      transaction,
    );
  // A workflow whose runs may overlap needs no lock and no transaction: one statement records it.
  const overlap = runOverlap(workflow.specJson, 'app');
  const { run, admission } =
    overlap === 'allow'
      ? { run: await record({ start: true }), admission: { start: true } as const }
      : await models.WorkflowRun.sequelize!.transaction(async (transaction) => {
          const admission = await admitRun(models, workflow, overlap, transaction);
          return { run: await record(admission, transaction), admission };
        });
  const waitingFor = admission.start ? null : admission.behind;
  if (admission.start)
    await launchRun(services, run, workflow, {
      startedBy: actor?.email ?? options.trigger,
      reused: options.resume && reusedBranches(options.resume.tasks),
    });
  // Shaped like a run loaded with its workflow, so callers can show it without another query.
  return Object.assign(run, { workflow, waitingFor });
}

/** Each reused node's branch, as the workflow takes it (RunSpecInput.reused). */
export const reusedBranches = (tasks: ReusedTask[]) =>
  Object.fromEntries(tasks.map((task) => [task.nodeId, task.logs.branch ?? null]));
