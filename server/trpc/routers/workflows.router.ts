import { z } from 'zod';
import { listedWorkflowStatusSchema } from '../../../core/db/enums';
import { pageInput } from '../../../core/db/keyset-cursor';
import { storableJson, storableText } from '../../../core/db/storable';
import { findAccessibleWorkflow } from '../../workflows/workflow-access';
import { listVersions, restoreVersion } from '../../workflows/workflow-versions.service';
import {
  createWorkflow,
  deleteWorkflow,
  newWebhookSecret,
  setWorkflowStatus,
  updateWorkflowSpec,
} from '../../workflows/workflows.service';
import {
  toWorkflowDto,
  toWorkflowListItem,
  toWorkflowSummary,
  workflowDtoSchema,
  workflowListItemSchema,
  workflowSummarySchema,
  workflowVersionDtoSchema,
} from '../../workflows/workflow.dto';
import { listWorkflows } from '../../workflows/workflow-queries.service';
import { triggerDetails, triggerDetailsSchema, webhookUrl } from '../../workflows/trigger-details.service';
import { listPins, pinOutput, pinsDtoSchema, unpinOutput } from '../../workflows/pins.service';
import { agentToolSettingsSchema, setAgentTool } from '../../workflows/agent-tool.service';
import { protectedProcedure, router } from '../init';

export const workflowsRouter = router({
  list: protectedProcedure
    .input(
      z.object({
        status: listedWorkflowStatusSchema.nullable().default(null),
        search: storableText.trim().max(100).nullable().default(null),
        ...pageInput,
      }),
    )
    .output(z.object({ items: z.array(workflowListItemSchema), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await listWorkflows(ctx.models, ctx.user, input);
      return { items: page.items.map(toWorkflowListItem), nextCursor: page.nextCursor };
    }),

  get: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(workflowDtoSchema)
    .query(async ({ ctx, input }) =>
      toWorkflowDto(await findAccessibleWorkflow(ctx.models, ctx.user, input.workflowId)),
    ),

  /** A new draft from a spec written by hand (the chat creates its drafts through chat.accept). */
  create: protectedProcedure
    .input(
      z.object({
        name: storableText.trim().min(1).max(255),
        description: storableText.max(5000).nullable().default(null),
        spec: z.unknown(),
      }),
    )
    .output(workflowDtoSchema)
    .mutation(async ({ ctx, input }) =>
      toWorkflowDto(await createWorkflow(ctx, ctx.user, { ...input, llmPromptVersion: null }, { source: 'editor' })),
    ),

  delete: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWorkflow(ctx, ctx.user, input.workflowId);
      return { deleted: true as const };
    }),

  activate: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(workflowSummarySchema)
    .mutation(async ({ ctx, input }) =>
      toWorkflowSummary(await setWorkflowStatus(ctx, ctx.user, input.workflowId, 'active')),
    ),

  archive: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(workflowSummarySchema)
    .mutation(async ({ ctx, input }) =>
      toWorkflowSummary(await setWorkflowStatus(ctx, ctx.user, input.workflowId, 'archived')),
    ),

  updateSpec: protectedProcedure
    .input(
      z.object({
        workflowId: z.uuid(),
        spec: z.unknown(),
        llmPromptVersion: storableText.max(50).nullable().default(null),
      }),
    )
    .output(workflowSummarySchema)
    .mutation(async ({ ctx, input }) => toWorkflowSummary(await updateWorkflowSpec(ctx, ctx.user, input))),

  /** Every accepted spec of the workflow, newest first. */
  versions: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(z.array(workflowVersionDtoSchema))
    .query(({ ctx, input }) => listVersions(ctx.models, ctx.user, input.workflowId)),

  /** Makes an earlier version current again, as a new version (history is never rewritten). */
  restoreVersion: protectedProcedure
    .input(z.object({ workflowId: z.uuid(), version: z.number().int().positive() }))
    .output(workflowSummarySchema)
    .mutation(async ({ ctx, input }) =>
      toWorkflowSummary(await restoreVersion(ctx, ctx.user, input.workflowId, input.version)),
    ),

  /** The outputs pinned on the workflow's current version, by node id: test runs answer with them. */
  pins: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(pinsDtoSchema)
    .query(({ ctx, input }) => listPins(ctx.models, ctx.user, input.workflowId)),

  /**
   * Pins what a node with outside effects answers in test runs (never in real ones), on the current
   * version: an output typed as JSON, or the node's output in one of the workflow's runs.
   */
  pin: protectedProcedure
    .input(
      z.union([
        z.object({
          workflowId: z.uuid(),
          nodeId: storableText.min(1).max(64),
          output: storableJson.refine((v) => v !== undefined, 'an output is required'),
        }),
        z.object({ workflowId: z.uuid(), nodeId: storableText.min(1).max(64), fromRunId: z.uuid() }),
      ]),
    )
    .output(pinsDtoSchema)
    .mutation(({ ctx, input }) => pinOutput(ctx, ctx.user, input)),

  unpin: protectedProcedure
    .input(z.object({ workflowId: z.uuid(), nodeId: storableText.min(1).max(64) }))
    .output(pinsDtoSchema)
    .mutation(({ ctx, input }) => unpinOutput(ctx, ctx.user, input)),

  /** How the workflow is started: webhook URL and signing, or cron with its next run times. */
  triggerDetails: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(triggerDetailsSchema)
    .query(({ ctx, input }) => triggerDetails(ctx, ctx.user, input.workflowId)),

  /**
   * Offers the workflow to AI agents as a tool of the MCP server (while it is active), or stops,
   * with the JSON Schema its arguments must follow (null: any JSON object).
   */
  setAgentTool: protectedProcedure
    .input(agentToolSettingsSchema)
    .output(workflowSummarySchema)
    .mutation(async ({ ctx, input }) => toWorkflowSummary(await setAgentTool(ctx, ctx.user, input))),

  /** Creates or replaces the webhook secret; the value is shown once and never again. */
  rotateWebhookSecret: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(z.object({ secret: z.string(), url: z.string() }))
    .mutation(async ({ ctx, input }) => ({
      secret: await newWebhookSecret(ctx, ctx.user, input.workflowId),
      url: webhookUrl(ctx.config, input.workflowId),
    })),
});
