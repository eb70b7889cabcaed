import { runStatusSchema } from '../../../../core/db/enums';
import type { TaskLogs } from '../../../../core/run/task-logs';
import type { RouterOutputs } from '../../trpc';

export type RunListItem = RouterOutputs['runs']['list']['items'][number];
export type RunDetail = RouterOutputs['runs']['get'];
export type RunTask = RunDetail['tasks'][number];

/** Statuses a run is still moving in; anything else is final. */
export const isLive = (status: string) => status === 'pending' || status === 'running';

export const runStatuses = runStatusSchema.options;

const triggerLabels: Record<NonNullable<RunListItem['trigger']>, string> = {
  manual: 'Manual',
  webhook: 'Webhook',
  rerun: 'Re-run',
  resume: 'Resumed',
  schedule: 'Schedule',
};

/** How a run was started, for people; runs recorded before this was kept say so. */
export const triggerLabel = (trigger: RunListItem['trigger']) => (trigger ? triggerLabels[trigger] : 'Not recorded');

/** A task's logs as the worker writes them (core/run/task-logs.ts); the API passes them through as JSON. */
export const readLogs = (logs: unknown): TaskLogs => (logs && typeof logs === 'object' ? (logs as TaskLogs) : {});
