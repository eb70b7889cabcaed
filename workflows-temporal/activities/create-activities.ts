import { executeNode } from './execute-node';
import { sendFailureAlert } from './failure-alert';
import type { ActivityDeps } from './node-context';
import { beginBatch, beginLoop, finishItem, finishLoop } from './loop-records';
import { beginApproval, finishRun, markTask, startRun } from './run-records';

/** An activity as it is written: the worker's dependencies, then the one input Temporal records. */
type Activity = (deps: ActivityDeps, input: never) => Promise<unknown>;

type Bound<T extends Record<string, Activity>> = {
  [K in keyof T]: T[K] extends (deps: ActivityDeps, input: infer I) => Promise<infer O>
    ? (input: I) => Promise<O>
    : never;
};

/** Binds each activity to `deps`, so every input type is written once, beside its activity. */
function bindDeps<T extends Record<string, Activity>>(deps: ActivityDeps, activities: T): Bound<T> {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [name, (input: never) => activity(deps, input)]),
  ) as Bound<T>;
}

/**
 * The activities the interpreter calls, by the names Temporal records, bound to their
 * dependencies (production clients in the worker, real local servers in tests).
 */
export function createActivities(deps: ActivityDeps) {
  return bindDeps(deps, {
    startRun,
    markTask,
    beginApproval,
    finishRun,
    executeNode,
    beginLoop,
    beginBatch,
    finishItem,
    finishLoop,
    sendFailureAlert,
  });
}

/** What the workflow proxies: the activities' own signatures, less their dependencies. */
export type RunActivities = ReturnType<typeof createActivities>;
