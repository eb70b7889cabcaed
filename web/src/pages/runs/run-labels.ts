import { runStatusSchema } from '../../../../core/db/enums';
import type { TaskLogs } from '../../../../core/run/task-logs';
import type { RouterOutputs } from '../../trpc';

export type RunListItem = RouterOutputs['runs']['list']['items'][number];
export type RunDetail = RouterOutputs['runs']['get'];
export type RunTask = RunDetail['tasks'][number];
export type ItemCounts = RunDetail['progress']['loops'][string];
export type LoopItemsPage = RouterOutputs['runs']['items'];
export type LoopItem = LoopItemsPage['items'][number];
export type TestPreview = RouterOutputs['runs']['preview'];
export type PreviewNode = TestPreview['nodes'][number];
export type TestEffect = NonNullable<PreviewNode['effect']>;

/**
 * A run's status for people: "waiting" for a pending run that the workflow's overlap setting
 * ("buffer_one") keeps until the run going now ends.
 */
export const runStatusText = (run: Pick<RunListItem, 'status' | 'waiting'>) => (run.waiting ? 'waiting' : run.status);

/** What a waiting run waits for, in words. */
export const waitingText = 'Waiting for the running run of this workflow to end; it starts by itself then.';

/** Statuses a run is still moving in; anything else is final. */
export const isLive = (status: string) => status === 'pending' || status === 'running';

export const runStatuses = runStatusSchema.options;

const triggerLabels: Record<NonNullable<RunListItem['trigger']>, string> = {
  manual: 'Manual',
  webhook: 'Webhook',
  rerun: 'Re-run',
  resume: 'Resumed',
  schedule: 'Schedule',
  test: 'Test run',
  agent: 'AI agent',
};

/** How a run was started, for people; runs recorded before this was kept say so. */
export const triggerLabel = (trigger: RunListItem['trigger']) => (trigger ? triggerLabels[trigger] : 'Not recorded');

/** A task's logs as the worker writes them (core/run/task-logs.ts); the API passes them through as JSON. */
export const readLogs = (logs: unknown): TaskLogs => (logs && typeof logs === 'object' ? (logs as TaskLogs) : {});
