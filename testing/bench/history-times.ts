import { tsToMs } from '@temporalio/common/lib/time';
import type { History, HistoryEvent } from '../history-steps';

/** Execution started → the first event that `is`, by the Temporal server's clock; NaN when either is missing. */
function sinceStarted(history: History, is: (event: HistoryEvent) => unknown): number {
  const events = history.events ?? [];
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes);
  const until = events.find(is);
  return started && until ? tsToMs(until.eventTime) - tsToMs(started.eventTime) : Number.NaN;
}

/** Execution started → completed: the same span for the product and the floor. */
export const executionMs = (history: History) =>
  sinceStarted(history, (e) => e.workflowExecutionCompletedEventAttributes);

/** Execution started → its first workflow task started: how long the task waited for a worker to take it. */
export const firstPickupMs = (history: History) => sinceStarted(history, (e) => e.workflowTaskStartedEventAttributes);
