import { tsToMs } from '@temporalio/common/lib/time';
import type { History } from '../history-steps';

/** Execution started → completed, by the Temporal server's clock: the same span for the product and the floor. */
export function executionMs(history: History): number {
  const events = history.events ?? [];
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes);
  const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes);
  return started && completed ? tsToMs(completed.eventTime) - tsToMs(started.eventTime) : Number.NaN;
}
