import { ApplicationFailure, executeChild } from '@temporalio/workflow';
import {
  loopBatchWorkflowId,
  loopBatchWorkflowType,
  type LoopBatchWorkflow,
  type RunTest,
} from '../../core/run/run-contract';
import type { Edge, SpecNode } from '../../core/spec/spec.schema';
import { loopDescendants, scopeNodes, taskKey } from '../../core/spec/spec-graph';
import type { RunSteps } from './run-steps';

type ForEachNode = Extract<SpecNode, { type: 'for_each' }>;

/**
 * How many items one batch (one child workflow) runs: as many as keep its history near 4,000
 * events when every body node is a regular activity (about 6 events each, with the workflow tasks
 * between), and at most 200. Temporal warns at 10,240 events and refuses past 51,200.
 */
export function itemsPerBatch(bodyNodes: number): number {
  return Math.max(1, Math.min(200, Math.floor(4000 / ((bodyNodes + 1) * 6))));
}

export interface LoopContext {
  runId: string;
  ownerId: string;
  records: RunSteps['records'];
  /** The nodes and edges the running workflow knows: the whole spec, or a loop's inside. */
  nodes: SpecNode[];
  edges: readonly Edge[];
  /** Set in a test run, and passed on to each batch. */
  test: RunTest | null;
}

/**
 * Runs a for_each node: freezes its list (its items become task rows), runs the items in batches
 * of child workflows one after another, and records the results. Throws when the loop fails: its
 * list could not be read, or an item failed and `onItemError` is "stop".
 */
export function loopRunner(context: LoopContext) {
  const { runId, ownerId, records } = context;
  return async function runLoop(loop: ForEachNode, path: number[]): Promise<void> {
    const { count } = await records.beginLoop({ runId, ownerId, node: loop, path });
    const nodes = loopDescendants(context.nodes, loop.id);
    const inside = new Set(nodes.map((n) => n.id));
    const edges = context.edges.filter(([from, to]) => inside.has(from) && inside.has(to));
    const bodyIds = scopeNodes(nodes, loop.id).map((n) => n.id);
    const size = itemsPerBatch(bodyIds.length);
    const stopOnFailure = loop.config.onItemError === 'stop';
    let failed = 0;
    for (let from = 0; from < count && !(stopOnFailure && failed > 0); from += size) {
      const to = Math.min(count, from + size);
      const batch = await executeChild<LoopBatchWorkflow>(loopBatchWorkflowType, {
        workflowId: loopBatchWorkflowId(runId, taskKey(loop.id, path), from),
        args: [
          {
            runId,
            ownerId,
            loop,
            nodes,
            edges: [...edges],
            path,
            from,
            to,
            ...(context.test ? { test: context.test } : {}),
          },
        ],
      });
      failed += batch.failed;
    }
    const { error } = await records.finishLoop({
      runId,
      nodeId: loop.id,
      path,
      count,
      nodeIds: bodyIds,
      stopped: stopOnFailure,
    });
    if (error !== null) throw ApplicationFailure.nonRetryable(error, 'ItemFailed');
  };
}
