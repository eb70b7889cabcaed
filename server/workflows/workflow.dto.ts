import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import { versionSourceSchema, workflowStatusSchema } from '../../core/db/enums';
import type { Workflow, WorkflowVersion } from '../../core/db/models';
import { triggerSchema } from '../../core/spec/spec.schema';

export const workflowListItemSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  status: workflowStatusSchema,
  triggerType: z.enum(['manual', 'webhook', 'cron']),
  /** The whole trigger, so a list can show a cron expression without loading the spec. */
  trigger: triggerSchema,
  llmPromptVersion: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export const workflowDtoSchema = workflowListItemSchema.extend({
  spec: z.unknown(),
  /** Offered to AI agents as a tool (the MCP server) while active. */
  agentTool: z.boolean(),
  /** The JSON Schema of the agent tool's arguments; null: any JSON object. */
  agentInputSchema: z.record(z.string(), z.unknown()).nullable(),
});

export const toWorkflowListItem = (w: Workflow): z.input<typeof workflowListItemSchema> => ({
  id: w.id,
  ownerId: w.ownerId,
  name: w.name,
  description: w.description,
  status: w.status,
  triggerType: w.specJson.trigger.type,
  trigger: w.specJson.trigger,
  llmPromptVersion: w.llmPromptVersion,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});

export const toWorkflowDto = (w: Workflow): z.input<typeof workflowDtoSchema> => ({
  ...toWorkflowListItem(w),
  spec: w.specJson,
  agentTool: w.agentTool,
  agentInputSchema: w.agentInputSchema,
});

/** What a status or spec change answers: enough for a client to refresh its copy. */
export const workflowSummarySchema = z.object({
  id: z.uuid(),
  status: workflowStatusSchema,
  llmPromptVersion: z.string().nullable(),
  updatedAt: timestampSchema,
});

export const toWorkflowSummary = (w: Workflow): z.input<typeof workflowSummarySchema> => ({
  id: w.id,
  status: w.status,
  llmPromptVersion: w.llmPromptVersion,
  updatedAt: w.updatedAt,
});

export const workflowVersionDtoSchema = z.object({
  version: z.number().int(),
  specJson: z.unknown(),
  llmPromptVersion: z.string().nullable(),
  source: versionSourceSchema,
  createdBy: z.uuid().nullable(),
  createdAt: timestampSchema,
});

export const toWorkflowVersionDto = (v: WorkflowVersion): z.input<typeof workflowVersionDtoSchema> => ({
  version: v.version,
  specJson: v.specJson,
  llmPromptVersion: v.llmPromptVersion,
  source: v.source,
  createdBy: v.createdBy,
  createdAt: v.createdAt,
});
