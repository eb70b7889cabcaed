import { z } from 'zod';

/** Values the database constrains with CHECK constraints; each has one home here. */
export const userRoleSchema = z.enum(['admin', 'member']);
export type UserRole = z.infer<typeof userRoleSchema>;

/**
 * `proposal`: not a workflow yet, but the row a chat's proposals for a new workflow are tested on
 * (decision 0011); hidden from every list and action until the proposal is accepted (it becomes a
 * draft) or forever.
 */
export const workflowStatusSchema = z.enum(['draft', 'active', 'archived', 'proposal']);
export type WorkflowStatus = z.infer<typeof workflowStatusSchema>;
/** The statuses of workflows people list and act on. */
export const listedWorkflowStatusSchema = workflowStatusSchema.exclude(['proposal']);

export const runStatusSchema = z.enum(['pending', 'running', 'success', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof runStatusSchema>;
/** Whether a run with this status has ended, for good or ill: nothing of it runs any more. */
export const runHasEnded = (status: RunStatus) => status === 'success' || status === 'failed' || status === 'cancelled';

/**
 * What started a run: a person, a re-run of another, a signed webhook, the workflow's schedule, or
 * an AI agent calling the workflow's tool (the MCP server); "test" marks a test run (side effects
 * replaced by samples), listed apart from real runs.
 */
export const runTriggerSchema = z.enum(['manual', 'webhook', 'rerun', 'resume', 'schedule', 'test', 'agent']);
export type RunTrigger = z.infer<typeof runTriggerSchema>;

export const taskStatusSchema = z.enum(['pending', 'running', 'success', 'failed', 'skipped', 'cancelled']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Where a workflow version's spec came from. */
export const versionSourceSchema = z.enum(['chat', 'editor', 'restore', 'seed']);
export type VersionSource = z.infer<typeof versionSourceSchema>;
