import { z } from 'zod';
import { runStatusSchema, taskStatusSchema } from '../db/enums';
import type { Task, WorkflowRun } from '../db/models';
import type { AppConfig } from '../config/env.schema';
import { temporalRunUrl } from '../temporal/temporal-links';

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
  status: runStatusSchema,
  input: z.unknown(),
  resultSummary: z.unknown(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  temporalUrl: z.string().nullable(),
});

export const runWithTasksDtoSchema = runDtoSchema.extend({ tasks: z.array(taskDtoSchema) });

export function toRunDto(run: WorkflowRun, config: AppConfig) {
  return {
    id: run.id,
    workflowId: run.workflowId,
    status: run.runStatus,
    input: run.inputPayload,
    resultSummary: run.resultSummary,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    temporalUrl: run.temporalWorkflowId ? temporalRunUrl(config, run.temporalWorkflowId) : null,
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
