import { z } from 'zod';

/** Values the database constrains with CHECK constraints; each has one home here. */
export const userRoleSchema = z.enum(['admin', 'member']);
export type UserRole = z.infer<typeof userRoleSchema>;

export const workflowStatusSchema = z.enum(['draft', 'active', 'archived']);
export type WorkflowStatus = z.infer<typeof workflowStatusSchema>;

export const runStatusSchema = z.enum(['pending', 'running', 'success', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * What started a run: a person, a re-run of another, a signed webhook, or the workflow's schedule;
 * "test" marks a test run (side effects replaced by samples), listed apart from real runs.
 */
export const runTriggerSchema = z.enum(['manual', 'webhook', 'rerun', 'resume', 'schedule', 'test']);
export type RunTrigger = z.infer<typeof runTriggerSchema>;

export const taskStatusSchema = z.enum(['pending', 'running', 'success', 'failed', 'skipped', 'cancelled']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Where a workflow version's spec came from. */
export const versionSourceSchema = z.enum(['chat', 'editor', 'restore', 'seed']);
export type VersionSource = z.infer<typeof versionSourceSchema>;
