import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppServices } from '../app-services';
import { runSpecWorkflowType, type RunSpecWorkflow } from '../../core/run/run-contract';
import { withTemporalDeadline } from '../temporal/temporal-call';

/**
 * How long an eager start may take before the run is started through the queue instead: Temporal
 * answers one in milliseconds, so waiting longer would only delay the fallback.
 */
const EAGER_START_TIMEOUT_MS = 2000;

/** gRPC codes of a call that got no answer: cancelled, unknown (a broken transport), deadline, unavailable. */
const UNANSWERED_CODES = new Set([1, 2, 4, 14]);

class EagerStartTimeout extends Error {}

/**
 * The start through the queue that followed an eager start with no answer failed too. The eager one
 * may still have reached Temporal, or may yet (its retries go on), so whether the run started is
 * not known: launchRun says so rather than that it did not.
 */
export class StartAnswerLost extends Error {
  constructor(cause: unknown) {
    super('an eager start got no answer, and starting through the queue failed too', { cause });
  }
}

/** Whether Temporal answered an eager start with a refusal (an id in use, a bad request). */
function refused(error: unknown): boolean {
  if (error instanceof WorkflowExecutionAlreadyStartedError) return true;
  const cause = error instanceof Error && isGrpcServiceError(error.cause) ? error.cause : error;
  return isGrpcServiceError(cause) && !UNANSWERED_CODES.has(cause.code);
}

/**
 * Starts a run's Temporal execution. Through the API's own worker's connection when it polls
 * (`temporal.runStarts`), asking for an eager start. That connection cannot say whether a request
 * that got no answer reached Temporal, and its retries outlast any deadline, so a start that is
 * not answered, or fails other than by Temporal refusing it, is made again through the queue under
 * the same workflow id: "already started" there means the eager start did reach Temporal. The
 * options must refuse a duplicate id (`REJECT_DUPLICATE`): the eager start, still retrying, may
 * otherwise start the run again once the first execution has closed.
 */
export async function startExecution(
  temporal: AppServices['temporal'],
  options: WorkflowStartOptions<RunSpecWorkflow>,
): Promise<void> {
  const viaQueue = () =>
    withTemporalDeadline(temporal.client, () =>
      temporal.client.workflow.start<RunSpecWorkflow>(runSpecWorkflowType, options),
    );
  const { client, eager } = temporal.runStarts;
  if (!eager) {
    await viaQueue();
    return;
  }
  const eagerly = client.workflow.start<RunSpecWorkflow>(runSpecWorkflowType, { ...options, requestEagerStart: true });
  // Left behind on a timeout, it may still fail later; its outcome is the queue's start's to tell.
  eagerly.catch(() => undefined);
  const timer = new AbortController();
  try {
    await Promise.race([
      eagerly,
      sleep(EAGER_START_TIMEOUT_MS, undefined, { signal: timer.signal }).then(() => {
        throw new EagerStartTimeout(`no answer to an eager start within ${EAGER_START_TIMEOUT_MS} ms`);
      }),
    ]);
    return;
  } catch (error) {
    if (refused(error)) throw error;
  } finally {
    timer.abort();
  }
  try {
    await viaQueue();
  } catch (error) {
    // The id is the run's alone and never reused: taken means the eager start arrived.
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw new StartAnswerLost(error);
  }
}
