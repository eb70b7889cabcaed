import { tsToMs } from '@temporalio/common/lib/time';
import { executionMs, type History, type HistoryEvent } from './history-times';
import type { StandaloneStack } from '../standalone-stack';
import { runHandle } from './webhook-shape';
import { runTimes } from './webhook-load';
import { median, ms } from './stats';

// Where one run's time goes, from what PostgreSQL (the run and task rows) and Temporal (the
// execution's history) recorded: each activity's wait for the workflow task that schedules it,
// its wait in the queue for a worker, its execution, and inside a node's activity the part before
// the task row's started_at (bookkeeping, scope loading), the node's own work, and the part after.
// All clocks are this machine's.

/** Labelled durations of one run, in order; the same labels for every run of the shape. */
function steps(
  history: History,
  run: { createdMs: number; finishedMs: number },
  tasks: Map<string, { startedMs: number; finishedMs: number }>,
): Array<[string, number]> {
  const events = history.events ?? [];
  const at = (event: HistoryEvent) => tsToMs(event.eventTime);
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!;
  const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes);
  const out: Array<[string, number]> = [
    ['arrival (run row created_at) → execution started', at(started) - run.createdMs],
  ];
  let previous = at(started);
  for (const scheduled of events.filter((e) => e.activityTaskScheduledEventAttributes)) {
    const attrs = scheduled.activityTaskScheduledEventAttributes!;
    const id = Number(scheduled.eventId);
    const start = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === id);
    const end = events.find((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id);
    if (!start || !end) continue;
    const type = attrs.activityType?.name ?? '?';
    const label = type === 'executeNode' ? `executeNode ${attrs.activityId}` : type;
    out.push([`${label}: previous step → scheduled (workflow task)`, at(scheduled) - previous]);
    out.push([`${label}: scheduled → started (queue, worker pickup)`, at(start) - at(scheduled)]);
    const task = type === 'executeNode' ? tasks.get(attrs.activityId ?? '') : undefined;
    if (task) {
      out.push([`${label}: started → task started_at (bookkeeping, scope)`, task.startedMs - at(start)]);
      out.push([`${label}: task started_at → finished_at (the node's work)`, task.finishedMs - task.startedMs]);
      out.push([`${label}: task finished_at → completed (output, row)`, at(end) - task.finishedMs]);
    } else out.push([`${label}: started → completed`, at(end) - at(start)]);
    previous = at(end);
  }
  if (completed) out.push(['last activity completed → execution completed', at(completed) - previous]);
  out.push(['run row created_at → finished_at (end to end)', run.finishedMs - run.createdMs]);
  return out;
}

export interface Breakdown {
  rows: Array<[string, number]>;
  /** Activities one run schedules (what the floor's workflows repeat). */
  activities: number;
  /** Median (end to end − the nodes' own work) / nodes. */
  overheadPerNode: number;
  /** Median execution started → completed, from the histories (what the floor measures too). */
  execution: number;
}

/** Medians over `runIds` of each step; runs whose steps differ from the first's are left out. */
export async function nodeBreakdown(stack: StandaloneStack, runIds: string[], nodeCount: number): Promise<Breakdown> {
  const runs = await runTimes(stack.services, runIds);
  const taskRows = await stack.services.models.Task.findAll({ where: { workflowRunId: runIds } });
  const perRun: Array<Array<[string, number]>> = [];
  const executions: number[] = [];
  for (const run of runs) {
    if (run.finishedMs === null) continue;
    const tasks = new Map(
      taskRows
        .filter((t) => t.workflowRunId === run.id && t.startedAt && t.finishedAt)
        .map((t) => [t.nodeId, { startedMs: t.startedAt!.getTime(), finishedMs: t.finishedAt!.getTime() }]),
    );
    const history = await runHandle(stack, run.id).fetchHistory();
    executions.push(executionMs(history));
    perRun.push(steps(history, { createdMs: run.createdMs, finishedMs: run.finishedMs }, tasks));
  }
  const labels = perRun[0]?.map(([label]) => label) ?? [];
  const alike = perRun.filter((r) => r.map(([label]) => label).join('\n') === labels.join('\n'));
  const rows = labels.map((label, i): [string, number] => [label, median(alike.map((r) => r[i]![1]))]);
  const work = (r: Array<[string, number]>) =>
    r.filter(([label]) => label.endsWith("(the node's work)")).reduce((sum, [, value]) => sum + value, 0);
  const total = (r: Array<[string, number]>) => r[r.length - 1]![1];
  return {
    rows,
    activities: labels.filter((label) => label.endsWith('(queue, worker pickup)')).length,
    overheadPerNode: median(alike.map((r) => (total(r) - work(r)) / nodeCount)),
    execution: median(executions),
  };
}

export const breakdownRows = (b: Breakdown): Array<[string, string]> =>
  b.rows.map(([label, value]) => [label, ms(value)]);
