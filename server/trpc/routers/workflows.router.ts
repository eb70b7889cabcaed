import { z } from 'zod';
import { workflowStatusSchema } from '../../db/enums';
import { newWebhookSecret, setWorkflowStatus, updateWorkflowSpec } from '../../workflows/workflows.service';
import { protectedProcedure, router } from '../init';

const workflowSummary = z.object({ id: z.uuid(), status: workflowStatusSchema, llmPromptVersion: z.string().nullable(), updatedAt: z.date() });
const summary = (w: { id: string; status: z.infer<typeof workflowStatusSchema>; llmPromptVersion: string | null; updatedAt: Date }) => ({
  id: w.id,
  status: w.status,
  llmPromptVersion: w.llmPromptVersion,
  updatedAt: w.updatedAt,
});

export const workflowsRouter = router({
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

  /** Creates or replaces the webhook secret; the value is shown once and never again. */
  rotateWebhookSecret: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(z.object({ secret: z.string(), url: z.string() }))
    .mutation(async ({ ctx, input }) => ({
      secret: await newWebhookSecret(ctx, ctx.user, input.workflowId),
      url: `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/hooks/${input.workflowId}`,
    })),
});
