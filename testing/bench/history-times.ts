import type { WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';

export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
export type HistoryEvent = NonNullable<History['events']>[number];

/** Execution started → completed, by the Temporal server's clock: the same span for the product and the floor. */
export function executionMs(history: History): number {
  const events = history.events ?? [];
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes);
  const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes);
  return started && completed ? tsToMs(completed.eventTime) - tsToMs(started.eventTime) : Number.NaN;
}
