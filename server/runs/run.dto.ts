import { z } from 'zod';
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
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
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
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  temporalUrl: z.string().nullable(),
  /** The failed run this one resumes, for runs started by `runs.resume`. */
  resumedFromRunId: z.uuid().nullable(),
  /**
   * Pending without a Temporal execution yet: kept by the workflow's `settings.overlap`
   * "buffer_one" until the run going now ends, when it starts by itself.
   */
  waiting: z.boolean(),
});

/**
 * The run's page: its tasks and the spec it executed (null for runs that kept none). The spec was
 * validated when the run started and is not checked again, so a later, stricter spec language
 * cannot hide what ran.
 */
export const runWithTasksDtoSchema = runDtoSchema.extend({
  spec: z.custom<WorkflowSpec>().nullable(),
  tasks: z.array(taskDtoSchema),
});

export function toRunDto(run: RunWithWorkflowName, config: AppConfig) {
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

export const toTaskDto = (task: Task) => ({
  nodeId: task.nodeId,
  status: task.taskStatus,
  attemptCount: task.attemptCount,
  startedAt: task.startedAt,
  finishedAt: task.finishedAt,
  logs: task.logs,
});
