import { z } from 'zod';
import { workflowStatusSchema } from '../../../core/db/enums';
import { findAccessibleWorkflow } from '../../workflows/workflow-access';
import { createWorkflow, deleteWorkflow, newWebhookSecret, setWorkflowStatus, updateWorkflowSpec } from '../../workflows/workflows.service';
import { toWorkflowDto, toWorkflowListItem, workflowDtoSchema, workflowListItemSchema } from '../../workflows/workflow.dto';
import { listWorkflows } from '../../workflows/workflow-queries.service';
import { triggerDetails, triggerDetailsSchema, webhookUrl } from '../../workflows/trigger-details.service';
import { pageInput } from '../../../core/db/keyset-cursor';
import { AppError } from '../../../core/errors/app-error';
import { protectedProcedure, router } from '../init';

const workflowSummary = z.object({ id: z.uuid(), status: workflowStatusSchema, llmPromptVersion: z.string().nullable(), updatedAt: z.date() });
const summary = (w: { id: string; status: z.infer<typeof workflowStatusSchema>; llmPromptVersion: string | null; updatedAt: Date }) => ({
  id: w.id,
  status: w.status,
  llmPromptVersion: w.llmPromptVersion,
  updatedAt: w.updatedAt,
});

export const workflowsRouter = router({
  list: protectedProcedure
    .input(z.object({ status: workflowStatusSchema.nullable().default(null), search: z.string().trim().max(100).nullable().default(null), ...pageInput }))
    .output(z.object({ items: z.array(workflowListItemSchema), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await listWorkflows(ctx.models, ctx.user, input);
      return { items: page.items.map(toWorkflowListItem), nextCursor: page.nextCursor };
    }),

  get: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(workflowDtoSchema)
    .query(async ({ ctx, input }) => toWorkflowDto(await findAccessibleWorkflow(ctx.models, ctx.user, input.workflowId))),

  /** A new draft from a spec written by hand (the chat creates its drafts through chat.accept). */
  create: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(255), description: z.string().max(5000).nullable().default(null), spec: z.unknown() }))
    .output(workflowDtoSchema)
    .mutation(async ({ ctx, input }) => toWorkflowDto(await createWorkflow(ctx, ctx.user, { ...input, llmPromptVersion: null }, { source: 'editor' }))),

  delete: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWorkflow(ctx, ctx.user, input.workflowId);
      return { deleted: true as const };
    }),

  activate: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(workflowSummary)
    .mutation(async ({ ctx, input }) => summary(await setWorkflowStatus(ctx, ctx.user, input.workflowId, 'active'))),

  archive: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(workflowSummary)
    .mutation(async ({ ctx, input }) => summary(await setWorkflowStatus(ctx, ctx.user, input.workflowId, 'archived'))),

  updateSpec: protectedProcedure
    .input(z.object({ workflowId: z.uuid(), spec: z.unknown(), llmPromptVersion: z.string().max(50).nullable().default(null) }))
    .output(workflowSummary)
    .mutation(async ({ ctx, input }) => summary(await updateWorkflowSpec(ctx, ctx.user, input.workflowId, input.spec, input.llmPromptVersion))),

  /** Every accepted spec of the workflow, newest first. */
  versions: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(
      z.array(
        z.object({
          version: z.number().int(),
          specJson: z.unknown(),
          llmPromptVersion: z.string().nullable(),
          source: z.enum(['chat', 'editor', 'restore', 'seed']),
          createdBy: z.uuid().nullable(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const workflow = await findAccessibleWorkflow(ctx.models, ctx.user, input.workflowId);
      const versions = await ctx.models.WorkflowVersion.findAll({ where: { workflowId: workflow.id }, order: [['version', 'DESC']] });
      return versions.map((v) => ({ version: v.version, specJson: v.specJson, llmPromptVersion: v.llmPromptVersion, source: v.source, createdBy: v.createdBy, createdAt: v.createdAt }));
    }),

  /** Makes an earlier version current again, as a new version (history is never rewritten). */
  restoreVersion: protectedProcedure
    .input(z.object({ workflowId: z.uuid(), version: z.number().int().positive() }))
    .output(workflowSummary)
    .mutation(async ({ ctx, input }) => {
      const workflow = await findAccessibleWorkflow(ctx.models, ctx.user, input.workflowId);
      const earlier = await ctx.models.WorkflowVersion.findOne({ where: { workflowId: workflow.id, version: input.version } });
      if (!earlier) throw new AppError('NOT_FOUND', `This workflow has no version ${input.version}.`);
      return summary(await updateWorkflowSpec(ctx, ctx.user, workflow.id, earlier.specJson, earlier.llmPromptVersion, { source: 'restore' }));
    }),

  /** How the workflow is started: webhook URL and signing, or cron with its next run times. */
  triggerDetails: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(triggerDetailsSchema)
    .query(({ ctx, input }) => triggerDetails(ctx, ctx.user, input.workflowId)),

  /** Creates or replaces the webhook secret; the value is shown once and never again. */
  rotateWebhookSecret: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(z.object({ secret: z.string(), url: z.string() }))
    .mutation(async ({ ctx, input }) => ({
      secret: await newWebhookSecret(ctx, ctx.user, input.workflowId),
      url: webhookUrl(ctx.config, input.workflowId),
    })),
});
