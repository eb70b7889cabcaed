import { tsToMs } from '@temporalio/common/lib/time';
import type { History } from '../history-steps';

/** Execution started → completed, by the Temporal server's clock: the same span for the product and the floor. */
export function executionMs(history: History): number {
  const events = history.events ?? [];
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes);
  const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes);
  return started && completed ? tsToMs(completed.eventTime) - tsToMs(started.eventTime) : Number.NaN;
}

/** Execution started → its first workflow task started: how long the task waited for a worker to take it. */
export function firstPickupMs(history: History): number {
  const events = history.events ?? [];
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes);
  const picked = events.find((e) => e.workflowTaskStartedEventAttributes);
  return started && picked ? tsToMs(picked.eventTime) - tsToMs(started.eventTime) : Number.NaN;
}
