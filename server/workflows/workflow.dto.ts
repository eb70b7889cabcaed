import { z } from 'zod';
import { workflowStatusSchema } from '../../core/db/enums';
import type { Workflow } from '../../core/db/models';
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
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const workflowDtoSchema = workflowListItemSchema.extend({ spec: z.unknown() });

export const toWorkflowListItem = (w: Workflow) => ({
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

export const toWorkflowDto = (w: Workflow) => ({ ...toWorkflowListItem(w), spec: w.specJson });
