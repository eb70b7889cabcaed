import { defineSignal } from '@temporalio/workflow';
import type { Edge, SpecNode, WorkflowSpec } from '../spec/spec.schema';

// The contract between the programs that start runs (the API, Schedules) and the worker that
// executes them. Everything here is recorded in Temporal history, so it carries ids, statuses
// and the spec snapshot, never node outputs or secrets. Workflow code imports this file, so it
// imports nothing with Node built-ins or I/O.

export interface RunSpecInput {
  /** The app's run id; null for scheduled runs, whose row the workflow creates itself. */
  runId: string | null;
  workflowId: string;
  ownerId: string;
  /** The spec snapshot this run executes; later edits of the workflow cannot change it. */
  spec: WorkflowSpec;
  /**
   * The starter created one task row per node with the run row, so the run needs no `startRun`
   * step. Absent from runs started before decision 0007, and from older starters.
   */
  tasksRecorded?: boolean;
  /**
   * A run resuming a failed one: the nodes whose outputs it took from that run (their task rows
   * were created ended, with those outputs), each with the branch it took. They are not run again.
   */
  reused?: Record<string, string | null>;
  /** Set for a test run (decision 0011): no node acts outside the run. */
  test?: RunTest;
}

/**
 * How a test run goes where a real run would wait: a delay does not wait, and an approval takes the
 * decision given here at once ("approved" where none is). Its nodes' samples are in PostgreSQL.
 */
export interface RunTest {
  approvals: Record<string, 'approved' | 'rejected'>;
}

export type RunOutcome = 'success' | 'failed' | 'cancelled';

export type NodeOutcome = 'success' | 'failed' | 'skipped' | 'cancelled';

export interface RunSpecResult {
  runId: string;
  outcome: RunOutcome;
  nodes: Record<string, NodeOutcome>;
}

/** The interpreter workflow: runs one spec snapshot to its end. */
export type RunSpecWorkflow = (input: RunSpecInput) => Promise<RunSpecResult>;

/**
 * One batch of a loop's items, run as a child workflow of the run (decision 0009), so that a long
 * list spreads its history over many executions. It runs items `from` to `to` (exclusive) of the
 * loop's frozen list, at most `concurrency` at once, and records each in PostgreSQL.
 */
export interface LoopBatchInput {
  runId: string;
  ownerId: string;
  loop: Extract<SpecNode, { type: 'for_each' }>;
  /** Every node inside the loop (its body, and the bodies of loops in it) and the edges among them. */
  nodes: SpecNode[];
  edges: Edge[];
  /** The item of the loops around this loop (one index per loop); empty for a top-level loop. */
  path: number[];
  from: number;
  to: number;
  /** Set when the run is a test run. */
  test?: RunTest;
}

export interface LoopBatchResult {
  /** How many of the batch's items failed. */
  failed: number;
}

export type LoopBatchWorkflow = (input: LoopBatchInput) => Promise<LoopBatchResult>;

/**
 * The Temporal workflow id of the batch of loop `loopKey` (its task key, `taskKey`) that starts at
 * item `from`: derived from the app's run id, which the run's history holds, so a replay under
 * another workflow id issues the same command.
 */
export function loopBatchWorkflowId(runId: string, loopKey: string, from: number): string {
  return `loop-${runId}/${loopKey}/${from}`;
}

/**
 * Alerts about a run that ended failed outside its own workflow: the API's sweep ends a run whose
 * Temporal execution closed without ending it (closed-executions.ts), and this workflow sends the
 * alert the run's own workflow would have sent (decision 0014).
 */
export interface RunFailureAlertInput {
  runId: string;
}

export type RunFailureAlertWorkflow = (input: RunFailureAlertInput) => Promise<void>;

/** The alert's Temporal workflow id, one a run: the Web UI finds it by the run's id. */
export function runFailureAlertWorkflowId(runId: string): string {
  return `alert-${runId}`;
}

/**
 * Every workflow type the worker registers, under the name it is started by. The worker's
 * workflows module exports exactly these (a rename there fails to compile), and starters use the
 * names below with these types, so arguments are checked too.
 */
export interface RegisteredWorkflows {
  runSpec: RunSpecWorkflow;
  runLoopBatch: LoopBatchWorkflow;
  alertRunFailure: RunFailureAlertWorkflow;
}

export const runSpecWorkflowType = 'runSpec' satisfies keyof RegisteredWorkflows;
export const loopBatchWorkflowType = 'runLoopBatch' satisfies keyof RegisteredWorkflows;
export const runFailureAlertWorkflowType = 'alertRunFailure' satisfies keyof RegisteredWorkflows;

export interface ApprovalDecision {
  nodeId: string;
  decision: 'approved' | 'rejected';
  decidedBy: string;
  comment: string | null;
}

/** A person's approve/reject decision for an `approval` node, sent by the API. */
export const approvalSignal = defineSignal<[ApprovalDecision]>('approval');
