import { WorkflowNotFoundError } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { AppServices } from '../app-services';
import { unfinishedCancelled } from '../../core/run/end-run';
import type { RunOutcome } from '../../core/run/run-contract';
import { withTemporalDeadline } from '../temporal/temporal-call';

// CommonJS package: its namespaces are reachable through the default import only under ESM.
const { EventType } = proto.temporal.api.enums.v1;

/** How Temporal closed a run's execution, as the run records it (closed-executions.ts). */
export interface ExecutionEnd {
  /** Temporal's word for it: terminated, timed_out, failed, cancelled, completed, or missing. */
  execution: 'terminated' | 'timed_out' | 'failed' | 'cancelled' | 'completed' | 'missing';
  status: RunOutcome;
  /** Why, for the run's page; null when the nodes tell (the execution completed). */
  error: string | null;
  /** What Temporal recorded about it (the reason and who terminated it, the failure). */
  details: Record<string, string>;
}

/** Temporal's text, cut to what a page can show: reasons and identities are typed by people. */
const clip = (text: string | null | undefined) => (text ?? '').slice(0, 500);

/** The run's outcome from its execution's closing event; null for one that goes on (continued as new). */
export function endFromClosingEvent(event: proto.temporal.api.history.v1.IHistoryEvent): ExecutionEnd | null {
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: {
      const { reason, identity } = event.workflowExecutionTerminatedEventAttributes ?? {};
      const said = [reason ? `"${clip(reason)}"` : null, identity ? `by ${clip(identity)}` : null].filter(Boolean);
      return {
        execution: 'terminated',
        status: 'failed',
        error: `Its Temporal execution was terminated${said.length ? ` (${said.join(', ')})` : ''} before the run ended; ${unfinishedCancelled}.`,
        details: { reason: clip(reason), identity: clip(identity) },
      };
    }
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
      return {
        execution: 'timed_out',
        status: 'failed',
        error: `Its Temporal execution passed its execution timeout before the run ended; ${unfinishedCancelled}.`,
        details: {},
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: {
      const message = clip(event.workflowExecutionFailedEventAttributes?.failure?.message);
      return {
        execution: 'failed',
        status: 'failed',
        error: `Its Temporal execution failed (${message || 'no message'}) without recording the run's end; ${unfinishedCancelled}.`,
        details: { failure: message },
      };
    }
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
      return {
        execution: 'cancelled',
        status: 'cancelled',
        error: `Its Temporal execution was cancelled without recording the run's end; ${unfinishedCancelled}.`,
        details: {},
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      return { execution: 'completed', status: 'success', error: null, details: {} };
    default:
      return null;
  }
}

const missing: ExecutionEnd = {
  execution: 'missing',
  status: 'failed',
  error: `Temporal has no execution for this run (removed after its retention, its data reset, or never started); ${unfinishedCancelled}.`,
  details: {},
};

/**
 * How Temporal ended the newest execution with this workflow id; null while one runs (a reset in
 * the Web UI closes the old execution and goes on in a new one). `missing` when Temporal has none.
 */
export async function executionEndOf(services: AppServices, workflowId: string): Promise<ExecutionEnd | null> {
  const { client } = services.temporal;
  let description;
  try {
    description = await withTemporalDeadline(client, () => client.workflow.getHandle(workflowId).describe());
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return missing;
    throw error;
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
  return last ? endFromClosingEvent(last) : null;
}
