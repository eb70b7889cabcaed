import { executeNode, type ExecuteNodeInput } from './execute-node';
import type { ActivityDeps } from './node-context';
import { beginApproval, finishRun, markTask, startRun, type MarkTaskInput, type StartRunInput } from './run-records';
import type { SpecNode } from '../../core/spec/spec.schema';

/** The activities the interpreter calls, bound to their dependencies (real or test servers). */
export function createActivities(deps: ActivityDeps) {
  return {
    startRun: (input: StartRunInput) => startRun(deps, input),
    markTask: (input: MarkTaskInput) => markTask(deps, input),
    beginApproval: (input: { runId: string; nodeId: string; node: Extract<SpecNode, { type: 'approval' }> }) => beginApproval(deps, input),
    finishRun: (input: { runId: string; status: 'success' | 'failed' | 'cancelled' }) => finishRun(deps, input),
    executeNode: (input: ExecuteNodeInput) => executeNode(deps, input),
  };
}

export type RunActivities = ReturnType<typeof createActivities>;
