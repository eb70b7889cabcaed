import type { SpecNode } from '../../../../core/spec/spec.schema';
import type { ItemCounts, RunDetail, RunTask } from './run-labels';

/**
 * A node of the run's spec with its task (null until the run has created it). A node inside a
 * loop has no task of its own, one per item instead: `loop` names the loop around it and `counts`
 * says how its rows went; a loop's `counts` are its items'.
 */
export interface NodeRow {
  node: Pick<SpecNode, 'id' | 'name'> & { type: SpecNode['type'] | null; config: unknown; loop?: string };
  task: RunTask | null;
  loop: string | null;
  counts: ItemCounts | null;
}

/** The spec's nodes in order with their tasks; for a run without a spec, its tasks as they are. */
export function nodeRows(run: RunDetail): NodeRow[] {
  const tasks = new Map(run.tasks.map((task) => [task.nodeId, task]));
  if (!run.spec)
    return run.tasks.map((task) => ({
      node: { id: task.nodeId, name: task.nodeId, type: null, config: undefined },
      task,
      loop: null,
      counts: null,
    }));
  return run.spec.nodes.map((node) => {
    const loop = node.loop ?? null;
    return {
      node,
      task: loop === null ? (tasks.get(node.id) ?? null) : null,
      loop,
      counts: (loop === null ? run.progress.loops[node.id] : run.progress.bodyNodes[node.id]) ?? null,
    };
  });
}

/** The node a person most likely wants to see: an approval waiting for them, else the first failure. */
export function defaultNodeId(rows: NodeRow[]): string | null {
  const waiting = rows.find((row) => row.node.type === 'approval' && row.task?.status === 'running');
  const failed = rows.find(
    (row) => row.task?.status === 'failed' || (row.node.type === 'for_each' && row.counts?.failed),
  );
  return (waiting ?? failed)?.node.id ?? null;
}

const count = (n: number) => n.toLocaleString('en');

/** "9,990 of 10,000 done, 1,427 failed". */
export function progressText(counts: ItemCounts): string {
  const done = counts.total - counts.pending;
  return [
    `${count(done)} of ${count(counts.total)} done`,
    counts.failed > 0 && `${count(counts.failed)} failed`,
    counts.skipped > 0 && `${count(counts.skipped)} skipped`,
    counts.cancelled > 0 && `${count(counts.cancelled)} cancelled`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A body node's rows at a glance: "23/25 succeeded, 2 failed". */
export function bodyText(counts: ItemCounts): string {
  return [
    `${count(counts.succeeded)}/${count(counts.total)} succeeded`,
    counts.failed > 0 && `${count(counts.failed)} failed`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * One status for a node that runs per item, to colour it: running while any of its rows are
 * (and its loop runs), failed when any failed, success when some succeeded, else its loop's.
 */
export function bodyStatus(counts: ItemCounts | null, loopStatus: string | undefined): string | undefined {
  if (!counts || counts.total === 0) return loopStatus === 'running' ? 'pending' : loopStatus;
  if (counts.pending > 0 && loopStatus === 'running') return 'running';
  if (counts.failed > 0) return 'failed';
  if (counts.succeeded > 0) return 'success';
  return counts.skipped === counts.total ? 'skipped' : loopStatus;
}

/** Statuses and notes for the run's graph: tasks as they are, body nodes by their rows, loops with their progress. */
export function graphMarks(rows: NodeRow[]) {
  const statuses: Record<string, string> = {};
  const notes: Record<string, string> = {};
  const topLoop = (row: NodeRow): NodeRow => {
    const around = rows.find((other) => other.node.id === row.loop);
    return around && around !== row ? topLoop(around) : row;
  };
  for (const row of rows) {
    if (row.loop === null) {
      if (row.task) statuses[row.node.id] = row.task.status;
      if (row.node.type === 'for_each' && row.counts && row.counts.total > 0)
        notes[row.node.id] = progressText(row.counts);
      continue;
    }
    const status = bodyStatus(row.counts, topLoop(row).task?.status);
    if (status) statuses[row.node.id] = status;
    if (row.counts && row.counts.total > 0) notes[row.node.id] = bodyText(row.counts);
  }
  return { statuses, notes };
}
