import type { SpecNode } from '../../../../core/spec/spec.schema';
import type { RunDetail, RunTask } from './run-labels';

/** A node of the run's spec with its task (null until the run has created it). */
export interface NodeRow {
  node: Pick<SpecNode, 'id' | 'name'> & { type: SpecNode['type'] | null; config: unknown };
  task: RunTask | null;
}

/** The spec's nodes in order with their tasks; for a run without a spec, its tasks as they are. */
export function nodeRows(run: RunDetail): NodeRow[] {
  const tasks = new Map(run.tasks.map((task) => [task.nodeId, task]));
  if (!run.spec)
    return run.tasks.map((task) => ({
      node: { id: task.nodeId, name: task.nodeId, type: null, config: undefined },
      task,
    }));
  return run.spec.nodes.map((node) => ({ node, task: tasks.get(node.id) ?? null }));
}

/** The node a person most likely wants to see: an approval waiting for them, else the first failure. */
export function defaultNodeId(rows: NodeRow[]): string | null {
  const waiting = rows.find((row) => row.node.type === 'approval' && row.task?.status === 'running');
  const failed = rows.find((row) => row.task?.status === 'failed');
  return (waiting ?? failed)?.node.id ?? null;
}
