import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  approvalSignal,
  type ApprovalDecision,
  type NodeOutcome,
  type RunSpecInput,
  type RunSpecResult,
} from '../../core/run/run-contract';
import { appRunIdKey } from '../../core/run/search-attributes';
import type { SpecNode } from '../../core/spec/spec.schema';
import { buildGraph, edgeTaken, failureHandled } from '../../core/spec/spec-graph';
import { activitySteps, localSteps } from './run-steps';

/**
 * The patch that moved bookkeeping and short nodes into local activities (decision 0007). Runs
 * started before it replay, and go on, with every step a regular activity. Retire the old path
 * with `deprecatePatch` once no such run can still be open (approvals wait up to 30 days).
 */
const localStepsPatch = 'local-steps';

interface Settled {
  outcome: NodeOutcome;
  branch: string | null;
}

/**
 * Runs a spec snapshot: each node starts when its predecessors have settled, independent branches
 * run in parallel, a branch not taken is skipped, and a failure skips what depends on it while
 * unrelated branches finish. A failure routed along an `error` edge, or by `onError: "continue"`,
 * is handled: the run goes on and does not fail for it. Outputs stay in PostgreSQL; history holds
 * only ids and branches.
 */
export async function runSpec(input: RunSpecInput): Promise<RunSpecResult> {
  const { spec } = input;
  const decisions = new Map<string, ApprovalDecision>();
  setHandler(approvalSignal, (decision) => {
    if (!decisions.has(decision.nodeId)) decisions.set(decision.nodeId, decision);
  });

  const steps = patched(localStepsPatch) ? localSteps() : activitySteps();
  const { records } = steps;
  const runId =
    input.runId !== null && !steps.needsStartRun(input)
      ? input.runId
      : (
          await records.startRun({
            runId: input.runId,
            workflowId: input.workflowId,
            temporalWorkflowId: workflowInfo().workflowId,
            nodeIds: spec.nodes.map((n) => n.id),
            ...(input.runId === null ? { spec } : {}),
          })
        ).runId;
  if (input.runId === null) upsertSearchAttributes([{ key: appRunIdKey, value: runId }]);

  const graph = buildGraph(spec.nodes, spec.edges);
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  // A Map, not the object: a node may be called "constructor".
  const reused = new Map(Object.entries(input.reused ?? {}));
  const settled = new Map<string, Promise<Settled>>();
  /** Outcomes of the nodes settled so far, as they settle. */
  const ended = new Map<string, NodeOutcome>();
  const outcomes: Record<string, NodeOutcome> = {};
  let runEnded = false;

  /** Whether a node's outcome fails the run: a failure nothing handles. */
  const failsRun = (node: SpecNode, outcome: NodeOutcome | undefined) =>
    outcome === 'failed' && !failureHandled(graph, node);

  /** When every node but `node` has settled, it is the run's last: its activity may end the run. */
  function lastNodeEnd(node: SpecNode): { othersFailed: boolean; failureHandled?: true } | null {
    if (!steps.lastNodeEndsRun) return null;
    const others = spec.nodes.filter((n) => n.id !== node.id);
    if (!others.every((n) => ended.has(n.id))) return null;
    const othersFailed = others.some((n) => failsRun(n, ended.get(n.id)));
    return failureHandled(graph, node) ? { othersFailed, failureHandled: true } : { othersFailed };
  }

  async function execute(node: SpecNode): Promise<string | null> {
    if (node.type === 'delay') {
      await records.markTask({
        runId,
        nodeId: node.id,
        status: 'running',
        message: `waiting ${node.config.seconds} s on a durable timer`,
      });
      await sleep(node.config.seconds * 1000);
      await records.markTask({
        runId,
        nodeId: node.id,
        status: 'success',
        output: { waitedSeconds: node.config.seconds },
      });
      return null;
    }
    if (node.type === 'approval') {
      await records.beginApproval({ runId, nodeId: node.id, node });
      const decided = await condition(() => decisions.has(node.id), node.config.timeoutMinutes * 60_000);
      const decision = decided ? decisions.get(node.id)! : null;
      const output = {
        decision: decision?.decision ?? (node.config.onTimeout === 'approve' ? 'approved' : 'rejected'),
        decidedBy: decision?.decidedBy ?? null,
        comment: decision?.comment ?? null,
        timedOut: !decided,
      };
      await records.markTask({ runId, nodeId: node.id, status: 'success', output });
      return output.decision;
    }
    const { activities, maximumAttempts } = steps.nodeActivities(node);
    const endsRun = lastNodeEnd(node);
    const result = await activities.executeNode({
      runId,
      ownerId: input.ownerId,
      node,
      maximumAttempts,
      ...(endsRun ? { endsRun } : {}),
    });
    if (result.runEnded) runEnded = true;
    return result.branch;
  }

  function settle(id: string): Promise<Settled> {
    const existing = settled.get(id);
    if (existing) return existing;
    const promise = (async (): Promise<Settled> => {
      // Taken from the run this one resumes: its task row already holds its output.
      if (reused.has(id)) return { outcome: 'success', branch: reused.get(id)! };
      const incoming = graph.incoming.get(id)!;
      const upstream = new Map(
        await Promise.all(
          [...new Set(incoming.map((e) => e.from))].map(async (from) => [from, await settle(from)] as const),
        ),
      );
      const upstreamFailed = [...upstream.values()].some((s) => s.outcome === 'failed' || s.outcome === 'cancelled');
      // A failure nothing handles skips everything after it, even a join reached another way.
      const unhandledFailure = [...upstream].some(
        ([from, s]) => s.outcome === 'cancelled' || failsRun(byId.get(from)!, s.outcome),
      );
      // A join runs when any incoming edge carries the run on (spec-graph.ts says which do).
      const active =
        incoming.length === 0 ||
        incoming.some(({ from, branch }) =>
          edgeTaken(branch, { ...upstream.get(from)!, onError: byId.get(from)!.onError }),
        );
      const node = byId.get(id)!;
      if (unhandledFailure || !active) {
        const reason = upstreamFailed ? 'an upstream node failed' : 'its branch was not taken';
        await records.markTask({ runId, nodeId: id, status: 'skipped', message: `skipped: ${reason}` });
        return { outcome: 'skipped', branch: null };
      }
      try {
        return { outcome: 'success', branch: await execute(node) };
      } catch (error) {
        if (isCancellation(error)) throw error;
        // The activity records its own failure, but a crashed worker skips that write: record
        // the final outcome from here too (idempotent), so no task is left `running`.
        const failure = error instanceof ActivityFailure && error.cause ? error.cause : error;
        await records.markTask({
          runId,
          nodeId: id,
          status: 'failed',
          message: failure instanceof Error ? failure.message : String(failure),
          errorType: failure instanceof ApplicationFailure && failure.type ? failure.type : (failure as Error).name,
        });
        return { outcome: 'failed', branch: null };
      }
    })();
    const recorded = promise.then((result) => {
      ended.set(id, result.outcome);
      return result;
    });
    settled.set(id, recorded);
    return recorded;
  }

  try {
    await CancellationScope.cancellable(async () => {
      // Start every node at once; each waits for its own predecessors.
      const results = await Promise.all(spec.nodes.map((node) => settle(node.id)));
      spec.nodes.forEach((node, i) => (outcomes[node.id] = results[i]!.outcome));
    });
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      await records.finishRun({ runId, status: 'cancelled' });
    });
    throw error;
  }

  const failed = spec.nodes.filter((node) => failsRun(node, outcomes[node.id])).map((node) => node.id);
  if (!runEnded) await records.finishRun({ runId, status: failed.length ? 'failed' : 'success' });
  if (failed.length) {
    // Fail the Temporal execution too, so the Web UI shows the run red; the app row says why.
    throw ApplicationFailure.nonRetryable(
      `node${failed.length > 1 ? 's' : ''} ${failed.join(', ')} failed`,
      'RunFailed',
    );
  }
  return { runId, outcome: 'success', nodes: outcomes };
}
