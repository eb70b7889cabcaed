import { ActivityFailure, ApplicationFailure, condition, isCancellation, sleep } from '@temporalio/workflow';
import type { ApprovalDecision, NodeOutcome, RunTest } from '../../core/run/run-contract';
import type { Edge, SpecNode } from '../../core/spec/spec.schema';
import { buildGraph, edgeTaken, failureHandled, taskKey, type SpecGraph } from '../../core/spec/spec-graph';
import type { ExecuteNodeInput } from '../activities/execute-node';
import type { RunSteps } from './run-steps';

// One scope of a spec run to its end: the run's top level (run-spec.workflow.ts), or one item of a
// loop's body (loop-batch.workflow.ts). Each node starts when its predecessors have settled,
// independent branches run in parallel, a branch not taken is skipped, and a failure skips what
// depends on it while unrelated branches finish. A failure routed along an `error` edge, or by
// `onError: "continue"`, is handled: the scope goes on and does not fail for it.

interface Settled {
  outcome: NodeOutcome;
  branch: string | null;
}

export interface GraphScope {
  runId: string;
  ownerId: string;
  steps: RunSteps;
  /** The scope's nodes (a loop's body nodes name it in `loop`) and the spec's edges among them. */
  nodes: SpecNode[];
  edges: readonly Edge[];
  /** The item this scope runs, one index per loop around it; empty at the top level. */
  path: number[];
  /** Nodes taken from the run this one resumes, with their branches: not run again. */
  reused: ReadonlyMap<string, string | null>;
  /** Approvals decided so far (top level only: a body holds no approval). */
  decisions: ReadonlyMap<string, ApprovalDecision>;
  /**
   * What a node that starts after every other node has settled ends in its own activity, saving a
   * step: the run (at the top level, decision 0007), or the loop item this scope runs.
   */
  lastNodeEnds: { run: true } | { item: { loopId: string; nodeIds: string[] } } | null;
  /** Set in a test run: delays do not wait, approvals decide at once. */
  test: RunTest | null;
  /** Runs a for_each node (for-each.ts), throwing when the loop fails. */
  runLoop(node: Extract<SpecNode, { type: 'for_each' }>, path: number[]): Promise<void>;
}

export interface GraphResult {
  outcomes: Record<string, NodeOutcome>;
  /** The nodes whose failure nothing handled: they fail the scope. */
  failed: string[];
  /** A node's activity ended the run too, so the workflow need not. */
  runEnded: boolean;
  /** A node's activity ended the loop item too (`finishItem`), so the batch need not. */
  itemEnded: boolean;
}

/** Whether a node's outcome fails its scope: a failure nothing handles. */
function failsScope(graph: SpecGraph, node: SpecNode, outcome: NodeOutcome | undefined): boolean {
  return outcome === 'failed' && !failureHandled(graph, node);
}

export async function runGraph(scope: GraphScope): Promise<GraphResult> {
  const { runId, steps, nodes, path } = scope;
  const { records } = steps;
  const key = (id: string) => taskKey(id, path);
  const graph = buildGraph(nodes, scope.edges);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const settled = new Map<string, Promise<Settled>>();
  /** Outcomes of the nodes settled so far, as they settle. */
  const ended = new Map<string, NodeOutcome>();
  let runEnded = false;
  let itemEnded = false;

  /**
   * When every node but `node` has settled, it is the scope's last: its activity may end the run,
   * or the item, after its own work.
   */
  function lastNodeEnd(node: SpecNode): Pick<ExecuteNodeInput, 'endsRun' | 'endsItem'> {
    const ends = scope.lastNodeEnds;
    if (ends === null) return {};
    const others = nodes.filter((n) => n.id !== node.id);
    if (!others.every((n) => ended.has(n.id))) return {};
    const failedOthers = others.filter((n) => failsScope(graph, n, ended.get(n.id))).map((n) => n.id);
    const handled = failureHandled(graph, node) ? { failureHandled: true as const } : {};
    return 'run' in ends
      ? { endsRun: { othersFailed: failedOthers.length > 0, ...handled } }
      : { endsItem: { ...ends.item, path, othersFailed: failedOthers, ...handled } };
  }

  async function execute(node: SpecNode): Promise<string | null> {
    if (node.type === 'delay' && scope.test) {
      await records.markTask({
        runId,
        nodeId: key(node.id),
        status: 'success',
        message: `test run: would wait ${node.config.seconds} s on a durable timer; did not wait`,
        output: { waitedSeconds: node.config.seconds },
        effect: { kind: 'delay', seconds: node.config.seconds },
      });
      return null;
    }
    if (node.type === 'delay') {
      await records.markTask({
        runId,
        nodeId: key(node.id),
        status: 'running',
        message: `waiting ${node.config.seconds} s on a durable timer`,
      });
      await sleep(node.config.seconds * 1000);
      await records.markTask({
        runId,
        nodeId: key(node.id),
        status: 'success',
        output: { waitedSeconds: node.config.seconds },
      });
      return null;
    }
    if (node.type === 'approval' && scope.test) {
      const decision = scope.test.approvals[node.id] ?? 'approved';
      await records.beginApproval({ runId, nodeId: node.id, node, testDecision: decision });
      return decision;
    }
    if (node.type === 'approval') {
      await records.beginApproval({ runId, nodeId: node.id, node });
      const { decisions } = scope;
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
    if (node.type === 'for_each') {
      await scope.runLoop(node, path);
      return null;
    }
    const { activities, maximumAttempts } = steps.nodeActivities(node, path);
    const result = await activities.executeNode({
      runId,
      ownerId: scope.ownerId,
      node,
      maximumAttempts,
      ...(path.length > 0 ? { path } : {}),
      ...lastNodeEnd(node),
    });
    if (result.runEnded) runEnded = true;
    if (result.itemEnded) itemEnded = true;
    return result.branch;
  }

  function settle(id: string): Promise<Settled> {
    const existing = settled.get(id);
    if (existing) return existing;
    const promise = (async (): Promise<Settled> => {
      // Taken from the run this one resumes: its task row already holds its output.
      if (scope.reused.has(id)) return { outcome: 'success', branch: scope.reused.get(id)! };
      const incoming = graph.incoming.get(id)!;
      const upstream = new Map(
        await Promise.all(
          [...new Set(incoming.map((e) => e.from))].map(async (from) => [from, await settle(from)] as const),
        ),
      );
      const upstreamFailed = [...upstream.values()].some((s) => s.outcome === 'failed' || s.outcome === 'cancelled');
      // A failure nothing handles skips everything after it, even a join reached another way.
      const unhandledFailure = [...upstream].some(
        ([from, s]) => s.outcome === 'cancelled' || failsScope(graph, byId.get(from)!, s.outcome),
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
        await records.markTask({ runId, nodeId: key(id), status: 'skipped', message: `skipped: ${reason}` });
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
          nodeId: key(id),
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

  // Start every node at once; each waits for its own predecessors.
  const results = await Promise.all(nodes.map((node) => settle(node.id)));
  const outcomes: Record<string, NodeOutcome> = {};
  nodes.forEach((node, i) => (outcomes[node.id] = results[i]!.outcome));
  const failed = nodes.filter((node) => failsScope(graph, node, outcomes[node.id])).map((node) => node.id);
  return { outcomes, failed, runEnded, itemEnded };
}
