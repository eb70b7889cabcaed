import { tsToMs } from '@temporalio/common/lib/time';
import { executionMs } from './history-times';
import { historySteps, type History, type HistoryEvent } from '../history-steps';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { StandaloneStack } from '../standalone-stack';
import { runHandle } from './webhook-shape';
import { runTimes } from './webhook-load';
import { median, ms } from './stats';

// Where one run's time goes, on one timeline of what PostgreSQL (the run and task rows) and
// Temporal (the execution's history) recorded: the execution's start, each workflow task the
// worker took and completed, each regular activity's scheduling, pickup and completion, each
// node's task started_at and finished_at (its own work between them), and the run's finished_at.
// Local activities leave no times of their own in history (their marker holds workflow time), so
// the task rows time them. All clocks are this machine's.

interface Point {
  label: string;
  ms: number;
}

/** The run's points in time order (ties in the order listed). */
function timeline(
  history: History,
  run: { createdMs: number; finishedMs: number },
  tasks: Map<string, { startedMs: number; finishedMs: number }>,
): Point[] {
  const at = (event: HistoryEvent) => tsToMs(event.eventTime);
  const points: Point[] = [{ label: 'run row created', ms: run.createdMs }];
  let workflowTasks = 0;
  const activities = new Map<string, string>(); // a regular activity's scheduled event id → its label
  for (const event of history.events ?? []) {
    if (event.workflowExecutionStartedEventAttributes) points.push({ label: 'execution started', ms: at(event) });
    if (event.workflowTaskStartedEventAttributes)
      points.push({ label: `workflow task ${++workflowTasks} started`, ms: at(event) });
    if (event.workflowTaskCompletedEventAttributes)
      points.push({ label: `workflow task ${workflowTasks} completed`, ms: at(event) });
    if (event.workflowExecutionCompletedEventAttributes) points.push({ label: 'execution completed', ms: at(event) });
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const type = scheduled.activityType?.name ?? '?';
      const label = type === 'executeNode' ? `activity ${scheduled.activityId}` : type;
      activities.set(String(event.eventId), label);
      points.push({ label: `${label} scheduled`, ms: at(event) });
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) points.push({ label: `${activities.get(String(started.scheduledEventId))} picked up`, ms: at(event) });
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed)
      points.push({ label: `${activities.get(String(completed.scheduledEventId))} completed`, ms: at(event) });
  }
  for (const [nodeId, task] of tasks) {
    points.push({ label: `task ${nodeId} started_at`, ms: task.startedMs });
    points.push({ label: `task ${nodeId} finished_at`, ms: task.finishedMs });
  }
  points.push({ label: 'run finished_at', ms: run.finishedMs });
  return points
    .map((point, i) => ({ point, i }))
    .sort((a, b) => a.point.ms - b.point.ms || a.i - b.i)
    .map(({ point }) => point);
}

/** Labelled durations between consecutive points; the same labels for every run of the shape. */
function steps(points: Point[]): Array<[string, number]> {
  return points
    .slice(1)
    .map((point, i): [string, number] => [`${points[i]!.label} → ${point.label}`, point.ms - points[i]!.ms]);
}

export interface Breakdown {
  rows: Array<[string, number]>;
  /** Activities one run schedules, regular and local (what the floor's workflows repeat). */
  activities: number;
  /** Median (run row created_at → finished_at − the nodes' own work) / nodes. */
  overheadPerNode: number;
  /** Median execution started → completed, from the histories (what the floor measures too). */
  execution: number;
}

/** Medians over `runIds` of each step; runs whose steps come in another order than the first's are left out of the rows. */
export async function nodeBreakdown(stack: StandaloneStack, runIds: string[], spec: WorkflowSpec): Promise<Breakdown> {
  const runs = await runTimes(stack.services, runIds);
  const taskRows = await stack.services.models.Task.findAll({ where: { workflowRunId: runIds } });
  const perRun: Array<Array<[string, number]>> = [];
  const executions: number[] = [];
  const activities: number[] = [];
  const overheads: number[] = [];
  for (const run of runs) {
    if (run.finishedMs === null) continue;
    const tasks = new Map(
      taskRows
        .filter((t) => t.workflowRunId === run.id && t.startedAt && t.finishedAt)
        .map((t) => [t.nodeId, { startedMs: t.startedAt!.getTime(), finishedMs: t.finishedAt!.getTime() }]),
    );
    const history = await runHandle(stack, run.id).fetchHistory();
    executions.push(executionMs(history));
    activities.push(historySteps(history).length);
    perRun.push(steps(timeline(history, { createdMs: run.createdMs, finishedMs: run.finishedMs }, tasks)));
    const work = [...tasks.values()].reduce((sum, t) => sum + t.finishedMs - t.startedMs, 0);
    overheads.push((run.finishedMs - run.createdMs - work) / spec.nodes.length);
  }
  const labels = perRun[0]?.map(([label]) => label) ?? [];
  const alike = perRun.filter((r) => r.map(([label]) => label).join('\n') === labels.join('\n'));
  const rows = labels.map((label, i): [string, number] => [label, median(alike.map((r) => r[i]![1]))]);
  return {
    rows,
    activities: median(activities),
    overheadPerNode: median(overheads),
    execution: median(executions),
  };
}

export const breakdownRows = (b: Breakdown): Array<[string, string]> =>
  b.rows.map(([label, value]) => [label, ms(value)]);
