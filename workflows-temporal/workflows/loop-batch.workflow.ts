import type { LoopBatchInput, LoopBatchResult } from '../../core/run/run-contract';
import { scopeNodes } from '../../core/spec/spec-graph';
import { loopRunner } from './for-each';
import { runGraph } from './graph-run';
import { localSteps } from './run-steps';

/**
 * One batch of a loop's items (decision 0009): each item runs the loop's body to its end, at most
 * `concurrency` items at once, and is recorded as it ends. With `onItemError: "stop"`, a failed item
 * stops the batch from starting more; items already running finish.
 */
export async function runLoopBatch(input: LoopBatchInput): Promise<LoopBatchResult> {
  const { runId, ownerId, loop } = input;
  const steps = localSteps();
  const { records } = steps;
  const body = scopeNodes(input.nodes, loop.id);
  const nodeIds = body.map((n) => n.id);
  const { ended } = await records.beginBatch({
    runId,
    loopId: loop.id,
    nodeIds,
    path: input.path,
    from: input.from,
    to: input.to,
  });
  // Items a resumed run took from the run it resumes: not run again.
  const done = new Set(ended);
  const test = input.test ?? null;
  const runLoop = loopRunner({ runId, ownerId, records, nodes: input.nodes, edges: input.edges, test });
  const stopOnFailure = loop.config.onItemError === 'stop';
  let next = input.from;
  let failed = 0;

  async function runItem(index: number): Promise<void> {
    const path = [...input.path, index];
    const result = await runGraph({
      runId,
      ownerId,
      steps,
      nodes: body,
      edges: input.edges,
      path,
      reused: new Map(),
      decisions: new Map(),
      lastNodeEnds: { item: { loopId: loop.id, nodeIds } },
      test,
      runLoop,
    });
    // Unless the body's last node ended the item in its own activity; ending it twice changes nothing.
    if (!result.itemEnded)
      await records.finishItem({ runId, loopId: loop.id, path, nodeIds, failedNodes: result.failed });
    if (result.failed.length > 0) failed += 1;
  }

  async function lane(): Promise<void> {
    while (next < input.to && !(stopOnFailure && failed > 0)) {
      const index = next++;
      if (!done.has(index)) await runItem(index);
    }
  }

  const lanes = Math.min(loop.config.concurrency, input.to - input.from);
  await Promise.all(Array.from({ length: lanes }, lane));
  return { failed };
}
