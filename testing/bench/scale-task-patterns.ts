import type { RunStatus, TaskStatus } from '../../core/db/enums';
import type { TaskLogs } from '../../core/run/task-logs';
import { scaleSpec } from './scale-shape';

/** One node's task in a seeded run: what the interpreter would have recorded for it. */
interface TaskPattern {
  status: TaskStatus;
  attempts: number;
  message: string;
  output?: unknown;
  error?: TaskLogs['error'];
}

const ok = (message: string, output: unknown): TaskPattern => ({ status: 'success', attempts: 1, message, output });
const skipped: TaskPattern = { status: 'skipped', attempts: 0, message: 'branch not taken' };
const waiting: TaskPattern = { status: 'pending', attempts: 0, message: 'waiting for its inputs' };
const cancelled: TaskPattern = { status: 'cancelled', attempts: 1, message: 'cancelled by a person' };

// In the spec's node order: fetch, summarise, check, notify, all_clear.
const fetched = ok('GET https://erp.example.test/api/invoices → 200 in 143 ms', { status: 200, count: 12 });
const summarised = ok('2 fields', { count: 12, total: 18240.5 });
const checked = ok('true', { branch: 'true' });
const notified = ok('sent to 1 recipient', { messageId: '<seed@example.test>' });

/** The tasks of a run in each status, node by node (a run's five rows), with small realistic logs. */
const patterns: Record<RunStatus, TaskPattern[]> = {
  success: [fetched, summarised, checked, notified, skipped],
  failed: [
    fetched,
    summarised,
    checked,
    {
      status: 'failed',
      attempts: 3,
      message: 'SMTP refused the message',
      error: { message: '554 5.7.1 relay denied', type: 'SmtpError', retryable: false },
    },
    skipped,
  ],
  cancelled: [fetched, cancelled, cancelled, cancelled, cancelled],
  running: [fetched, { ...summarised, status: 'running', output: undefined }, checked, waiting, waiting],
  pending: [waiting, waiting, waiting, waiting, waiting],
};

/** One row per (run status, node), for `jsonb_to_recordset` in the seed's task insert. */
export const taskPatternRows = Object.entries(patterns).flatMap(([runStatus, tasks]) =>
  tasks.map((task, index) => ({
    run_status: runStatus,
    pos: index,
    node_id: scaleSpec.nodes[index]!.id,
    task_status: task.status,
    attempts: task.attempts,
    message: task.message,
    output: task.output ?? null,
    error: task.error ?? null,
  })),
);

/** The result summary a finished run of each status carries (its duration is added per run). */
export const runSummaryRows = (['success', 'failed', 'cancelled'] as const).map((status) => ({
  run_status: status,
  summary: {
    status,
    nodes: Object.fromEntries(patterns[status].map((task, index) => [scaleSpec.nodes[index]!.id, task.status])),
    failures: patterns[status].flatMap((task, index) =>
      task.error ? [{ nodeId: scaleSpec.nodes[index]!.id, error: task.error.message }] : [],
    ),
  },
}));
