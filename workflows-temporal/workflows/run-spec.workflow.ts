import {
  ApplicationFailure,
  CancellationScope,
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
  type RunSpecInput,
  type RunSpecResult,
} from '../../core/run/run-contract';
import { appRunIdKey } from '../../core/run/search-attributes';
import { scopeNodes } from '../../core/spec/spec-graph';
import { alertFailure } from './failure-alert-step';
import { loopRunner } from './for-each';
import { runGraph, type GraphResult } from './graph-run';
import { activitySteps, localSteps } from './run-steps';

/**
 * The patch that moved bookkeeping and short nodes into local activities (decision 0007). Runs
 * started before it replay, and go on, with every step a regular activity. Retire the old path
 * with `deprecatePatch` once no such run can still be open (approvals wait up to 30 days).
 */
const localStepsPatch = 'local-steps';

/**
 * Runs a spec snapshot to its end (graph-run.ts says how a scope of nodes runs; for-each.ts how a
 * loop does). Outputs stay in PostgreSQL; history holds only ids and branches.
 */
export async function runSpec(input: RunSpecInput): Promise<RunSpecResult> {
  const { spec } = input;
  const decisions = new Map<string, ApprovalDecision>();
  setHandler(approvalSignal, (decision) => {
    if (!decisions.has(decision.nodeId)) decisions.set(decision.nodeId, decision);
  });

  const steps = patched(localStepsPatch) ? localSteps() : activitySteps();
  const { records } = steps;
  // A loop's body nodes get their task rows per item, as the loop runs them.
  const nodes = scopeNodes(spec.nodes, null);
  const runId =
    input.runId !== null && !steps.needsStartRun(input)
      ? input.runId
      : (
          await records.startRun({
            runId: input.runId,
            workflowId: input.workflowId,
            temporalWorkflowId: workflowInfo().workflowId,
            nodeIds: nodes.map((n) => n.id),
            ...(input.runId === null ? { spec } : {}),
          })
        ).runId;
  if (input.runId === null) upsertSearchAttributes([{ key: appRunIdKey, value: runId }]);

  // `settings.timeoutSeconds`: past it the run's scope is cancelled, as a person's cancel would,
  // and the run ends failed. Specs without one start no timer, so their histories are unchanged.
  const limit = spec.settings?.timeoutSeconds;
  const deadline = new CancellationScope();
  let timedOut = false;
  if (limit !== undefined)
    void CancellationScope.cancellable(() => sleep(limit * 1000)).then(
      () => {
        timedOut = true;
        deadline.cancel();
      },
      () => undefined, // the run was cancelled first
    );
  let result: GraphResult;
  try {
    result = await deadline.run(() =>
      runGraph({
        runId,
        ownerId: input.ownerId,
        steps,
        nodes,
        edges: spec.edges,
        path: [],
        // A Map, not the object: a node may be called "constructor".
        reused: new Map(Object.entries(input.reused ?? {})),
        decisions,
        lastNodeEnds: steps.lastNodeEndsRun ? { run: true } : null,
        test: input.test ?? null,
        runLoop: loopRunner({
          runId,
          ownerId: input.ownerId,
          records,
          nodes: spec.nodes,
          edges: spec.edges,
          test: input.test ?? null,
        }),
      }),
    );
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      await records.finishRun(
        timedOut ? { runId, status: 'failed', timedOutAfterSeconds: limit } : { runId, status: 'cancelled' },
      );
    });
    if (timedOut) {
      await alertFailure({ runId, failedNodeIds: [] }, input);
      throw ApplicationFailure.nonRetryable(`the run passed its time limit of ${limit} s`, 'RunTimedOut');
    }
    throw error;
  }

  const { failed, outcomes } = result;
  if (!result.runEnded) await records.finishRun({ runId, status: failed.length ? 'failed' : 'success' });
  if (failed.length) {
    await alertFailure({ runId, failedNodeIds: failed }, input);
    // Fail the Temporal execution too, so the Web UI shows the run red; the app row says why.
    throw ApplicationFailure.nonRetryable(
      `node${failed.length > 1 ? 's' : ''} ${failed.join(', ')} failed`,
      'RunFailed',
    );
  }
  return { runId, outcome: 'success', nodes: outcomes };
}
