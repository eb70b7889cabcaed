import { tsToMs } from '@temporalio/common/lib/time';
import { executionMs } from './history-times';
import { historySteps, type History, type HistoryEvent } from '../history-steps';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
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
  nodeIdByName: Map<string, string>,
): Array<[string, number]> {
  const events = history.events ?? [];
  const at = (event: HistoryEvent) => tsToMs(event.eventTime);
  const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!;
  const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes);
  const out: Array<[string, number]> = [
    ['arrival (run row created_at) → execution started', at(started) - run.createdMs],
  ];
  let previous = at(started);
  for (const step of historySteps(history)) {
    if (step.completedMs === null) continue;
    const nodeId = step.type === 'executeNode' ? nodeIdByName.get(step.summary ?? '') : undefined;
    const label = `${nodeId ? `executeNode ${nodeId}` : step.type}${step.kind === 'local activity' ? ' (local)' : ''}`;
    // A regular activity waits for the workflow task that schedules it, then in its queue; a local
    // one runs in the worker as soon as the workflow code asks for it.
    out.push([`${label}: previous step → scheduled (workflow task)`, step.scheduledMs - previous]);
    let begun = step.scheduledMs;
    if (step.kind === 'activity') {
      const id = String(step.event.eventId);
      const start = events.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === id)!;
      out.push([`${label}: scheduled → started (queue, worker pickup)`, at(start) - step.scheduledMs]);
      begun = at(start);
    }
    const task = nodeId ? tasks.get(nodeId) : undefined;
    if (task) {
      out.push([`${label}: started → task started_at (bookkeeping, scope)`, task.startedMs - begun]);
      out.push([`${label}: task started_at → finished_at (the node's work)`, task.finishedMs - task.startedMs]);
      out.push([`${label}: task finished_at → completed (output, row)`, step.completedMs - task.finishedMs]);
    } else out.push([`${label}: started → completed`, step.completedMs - begun]);
    previous = step.completedMs;
  }
  if (completed) out.push(['last activity completed → execution completed', at(completed) - previous]);
  out.push(['run row created_at → finished_at (end to end)', run.finishedMs - run.createdMs]);
  return out;
}

export interface Breakdown {
  rows: Array<[string, number]>;
  /** Activities one run schedules, regular and local (what the floor's workflows repeat). */
  activities: number;
  /** Median (end to end − the nodes' own work) / nodes. */
  overheadPerNode: number;
  /** Median execution started → completed, from the histories (what the floor measures too). */
  execution: number;
}

/** Medians over `runIds` of each step; runs whose steps differ from the first's are left out. */
export async function nodeBreakdown(stack: StandaloneStack, runIds: string[], spec: WorkflowSpec): Promise<Breakdown> {
  const nodeIdByName = new Map(spec.nodes.map((node) => [node.name, node.id]));
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
    perRun.push(steps(history, { createdMs: run.createdMs, finishedMs: run.finishedMs }, tasks, nodeIdByName));
  }
  const labels = perRun[0]?.map(([label]) => label) ?? [];
  const alike = perRun.filter((r) => r.map(([label]) => label).join('\n') === labels.join('\n'));
  const rows = labels.map((label, i): [string, number] => [label, median(alike.map((r) => r[i]![1]))]);
  const work = (r: Array<[string, number]>) =>
    r.filter(([label]) => label.endsWith("(the node's work)")).reduce((sum, [, value]) => sum + value, 0);
  const total = (r: Array<[string, number]>) => r[r.length - 1]![1];
  return {
    rows,
    activities: labels.filter((label) => label.endsWith('previous step → scheduled (workflow task)')).length,
    overheadPerNode: median(alike.map((r) => (total(r) - work(r)) / spec.nodes.length)),
    execution: median(executions),
  };
}

export const breakdownRows = (b: Breakdown): Array<[string, string]> =>
  b.rows.map(([label, value]) => [label, ms(value)]);
