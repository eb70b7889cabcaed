import type { WorkflowSpec } from '../core/spec/spec.schema';

// Shapes that cross the workflow/activity boundary. Kept small on purpose: they are recorded in
// Temporal history, so they carry ids and statuses, never node outputs or secrets.

export interface RunSpecInput {
  /** The app's run id; null for scheduled runs, whose row the workflow creates itself. */
  runId: string | null;
  workflowId: string;
  ownerId: string;
  /** The spec snapshot this run executes; later edits of the workflow cannot change it. */
  spec: WorkflowSpec;
}

export type RunOutcome = 'success' | 'failed' | 'cancelled';

export interface RunSpecResult {
  runId: string;
  outcome: RunOutcome;
  nodes: Record<string, NodeOutcome>;
}

export type NodeOutcome = 'success' | 'failed' | 'skipped' | 'cancelled';

/** What a node's activity tells the workflow: enough to route branches, nothing more. */
export interface NodeActivityResult {
  branch: string | null;
}

export interface ApprovalDecision {
  nodeId: string;
  decision: 'approved' | 'rejected';
  decidedBy: string;
  comment: string | null;
}

/** `tasks.logs`: what was done, the error, and the bounded output. */
export interface TaskLogs {
  entries?: Array<{ at: string; level: 'info' | 'warn' | 'error'; message: string }>;
  output?: unknown;
  outputTruncated?: boolean;
  error?: { message: string; type: string; retryable: boolean };
}
