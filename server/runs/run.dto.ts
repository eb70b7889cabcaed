import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import { runStatusSchema, runTriggerSchema, taskStatusSchema } from '../../core/db/enums';
import type { Task, WorkflowRun } from '../../core/db/models';
import type { AppConfig } from '../../core/config/env.schema';
import { temporalRunUrl } from '../../core/run/temporal-links';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { isWaiting } from './run-overlap.service';

/** A run row with its workflow's name, as the queries that list, open or start runs return it. */
export type RunWithWorkflowName = WorkflowRun & { workflow: { name: string } };

export const taskDtoSchema = z.object({
  nodeId: z.string(),
  status: taskStatusSchema,
  attemptCount: z.number().int(),
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
  logs: z.unknown(),
});

export const runDtoSchema = z.object({
  id: z.uuid(),
  workflowId: z.uuid(),
  workflowName: z.string(),
  status: runStatusSchema,
  trigger: runTriggerSchema.nullable(),
  input: z.unknown(),
  resultSummary: z.unknown(),
  createdAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
  temporalUrl: z.string().nullable(),
  /** The failed run this one resumes, for runs started by `runs.resume`. */
  resumedFromRunId: z.uuid().nullable(),
  /**
   * Pending without a Temporal execution yet: kept by the workflow's `settings.overlap`
   * "buffer_one" until the run going now ends, when it starts by itself.
   */
  waiting: z.boolean(),
});

/** How many of a loop's items (or a body node's per-item rows) ended each way; pending: not ended yet. */
export const itemCountsSchema = z.object({
  total: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  cancelled: z.number().int(),
  pending: z.number().int(),
});
export type ItemCounts = z.infer<typeof itemCountsSchema>;

/** The run page's loop progress: per loop over its items, per body node over its rows. */
export const runProgressSchema = z.object({
  loops: z.record(z.string(), itemCountsSchema),
  bodyNodes: z.record(z.string(), itemCountsSchema),
});

/**
 * The run's page: its tasks and the spec it executed (null for runs that kept none). The spec was
 * validated when the run started and is not checked again, so a later, stricter spec language
 * cannot hide what ran.
 */
export const runWithTasksDtoSchema = runDtoSchema.extend({
  spec: z.custom<WorkflowSpec>().nullable(),
  /** Its top-level tasks; a loop's per-item rows come from `runs.items`. */
  tasks: z.array(taskDtoSchema),
  progress: runProgressSchema,
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export function toRunDto(run: RunWithWorkflowName, config: AppConfig): z.input<typeof runDtoSchema> {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowName: run.workflow.name,
    status: run.runStatus,
    trigger: run.runTrigger,
    input: run.inputPayload,
    resultSummary: run.resultSummary,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    temporalUrl: run.temporalWorkflowId ? temporalRunUrl(config, run.temporalWorkflowId) : null,
    resumedFromRunId: run.resumedFromRunId,
    waiting: isWaiting(run),
  };
}

/** A `tasks` row as raw queries read it. */
export interface TaskRow {
  node_id: string;
  task_status: Task['taskStatus'];
  attempt_count: number;
  started_at: Date | null;
  finished_at: Date | null;
  logs: unknown;
}

export const fromTaskRow = (row: TaskRow) => ({
  nodeId: row.node_id,
  status: row.task_status,
  attemptCount: row.attempt_count,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  logs: row.logs,
});
