import { proxyActivities, proxyLocalActivities, type ActivityOptions, type RetryPolicy } from '@temporalio/workflow';
import type { RunActivities } from '../activities/create-activities';
import type { RunSpecInput } from '../../core/run/run-contract';
import { defaultRetry } from '../../core/spec/retry-defaults';
import type { SpecNode } from '../../core/spec/spec.schema';
import { taskKey } from '../../core/spec/spec-graph';
import { nodeActivityTimeoutSeconds, nodeHeartbeatTimeoutSeconds, runsAsLocalActivity } from './node-timeouts';

// How the interpreter takes its steps on Temporal. Two generations live here, because runs started
// by older workers must replay the exact commands they recorded (run-spec.workflow.ts picks one with
// `patched()`):
//   - `activitySteps`: every node and every bookkeeping write is a regular activity;
//   - `localSteps` (decision 0007): bookkeeping and short nodes are local activities, long nodes
//     stay regular activities, the API has created the task rows with the run row, and a node that
//     starts last ends the run in its own activity.

/** The bookkeeping activities and, per node, the activities that run it. */
export interface RunSteps {
  records: Pick<
    RunActivities,
    'startRun' | 'markTask' | 'beginApproval' | 'finishRun' | 'beginLoop' | 'beginBatch' | 'finishItem' | 'finishLoop'
  >;
  /** Whether the run must create its rows itself (scheduled runs, or a starter that did not). */
  needsStartRun(input: RunSpecInput): boolean;
  /** Whether a node that starts after every other node has settled ends the run itself (one step fewer). */
  lastNodeEndsRun: boolean;
  /** The node's activities (for the loop item `path`, in a body) and its attempt limit. */
  nodeActivities(
    node: SpecNode,
    path: readonly number[],
  ): { activities: Pick<RunActivities, 'executeNode'>; maximumAttempts: number };
}

// Bookkeeping writes are idempotent, so they may retry generously (still never forever). They are
// a few milliseconds of PostgreSQL work: a short start-to-close retries one whose worker died soon.
const bookkeepingOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

function nodeRetry(node: SpecNode): { maximumAttempts: number; policy: RetryPolicy } {
  const retry = ('retry' in node.config && node.config.retry) || defaultRetry;
  return {
    maximumAttempts: retry.maximumAttempts,
    policy: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: `${retry.initialIntervalSeconds} seconds`,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: '5 minutes',
    },
  };
}

function regularNodeActivities(node: SpecNode, path: readonly number[]) {
  const { maximumAttempts, policy } = nodeRetry(node);
  const options: ActivityOptions = {
    // Unique within the execution: a loop batch runs a body node once per item.
    activityId: taskKey(node.id, path),
    summary: node.name,
    startToCloseTimeout: `${nodeActivityTimeoutSeconds(node)} seconds`,
    heartbeatTimeout: `${nodeHeartbeatTimeoutSeconds} seconds`,
    retry: policy,
  };
  return { activities: proxyActivities<RunActivities>(options), maximumAttempts };
}

/** Every step a regular activity: how runs started before decision 0007 go on. */
export function activitySteps(): RunSteps {
  return {
    records: proxyActivities<RunActivities>(bookkeepingOptions),
    needsStartRun: () => true,
    lastNodeEndsRun: false,
    nodeActivities: regularNodeActivities,
  };
}

/** Bookkeeping and short nodes as local activities; long nodes as regular ones. */
export function localSteps(): RunSteps {
  return {
    records: proxyLocalActivities<RunActivities>(bookkeepingOptions),
    needsStartRun: (input) => !input.tasksRecorded,
    lastNodeEndsRun: true,
    nodeActivities(node, path) {
      if (!runsAsLocalActivity(node)) return regularNodeActivities(node, path);
      const { maximumAttempts, policy } = nodeRetry(node);
      const activities = proxyLocalActivities<RunActivities>({
        summary: node.name,
        startToCloseTimeout: `${nodeActivityTimeoutSeconds(node)} seconds`,
        retry: policy,
      });
      return { activities, maximumAttempts };
    },
  };
}
