import { z } from 'zod';
import { cancelRun, decideApproval, rerun, resumeRun } from '../../runs/run-control.service';
import { runDtoSchema, runWithTasksDtoSchema, toRunDto } from '../../runs/run.dto';
import { startRun } from '../../runs/runs.service';
import { getRunWithTasks, listRuns, watchRun } from '../../runs/run-queries.service';
import { listLoopItems } from '../../runs/loop-items.service';
import { loopItemsDtoSchema, loopItemsInputSchema } from '../../runs/loop.dto';
import { runStatusSchema } from '../../../core/db/enums';
import { pageInput } from '../../../core/db/keyset-cursor';
import { storableText } from '../../../core/db/storable';
import { runInputSchema } from '../../../core/run/run-input';
import { approvalChoiceSchema } from '../../../core/run/test-plan';
import { startTestRun } from '../../runs/test-runs.service';
import { getTestPreview } from '../../runs/test-preview.service';
import { testPreviewSchema } from '../../runs/test-preview.dto';
import { protectedProcedure, router } from '../init';

export const runsRouter = router({
  list: protectedProcedure
    .input(
      z.object({
        workflowId: z.uuid().nullable().default(null),
        status: runStatusSchema.nullable().default(null),
        /** Test runs (`runs.test`) instead of real ones: they are listed apart. */
        tests: z.boolean().default(false),
        ...pageInput,
      }),
    )
    .output(z.object({ items: z.array(runDtoSchema), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const page = await listRuns(ctx.models, ctx.user, input);
      return { items: page.items.map((run) => toRunDto(run, ctx.config)), nextCursor: page.nextCursor };
    }),

  start: protectedProcedure
    // The same rule as a webhook body's; the API's body limit bounds its size.
    .input(z.object({ workflowId: z.uuid(), input: runInputSchema.default({}) }))
    .output(runDtoSchema)
    .mutation(async ({ ctx, input }) =>
      toRunDto(
        await startRun(ctx, ctx.user, { workflowId: input.workflowId, input: input.input, trigger: 'manual' }),
        ctx.config,
      ),
    ),

  get: protectedProcedure
    .input(z.object({ runId: z.uuid() }))
    .output(runWithTasksDtoSchema)
    .query(({ ctx, input }) => getRunWithTasks(ctx, ctx.user, input.runId)),

  /**
   * One page of a loop's items in index order (of the item `path` of the loops around it, for a
   * loop inside a loop), each with its status, error, item and body tasks; optionally only those
   * that ended one way.
   */
  items: protectedProcedure
    .input(loopItemsInputSchema)
    .output(loopItemsDtoSchema)
    .query(({ ctx, input }) => listLoopItems(ctx, ctx.user, input)),

  /**
   * Live updates of one run (server-sent events): the run with its tasks now, then again whenever
   * any of it changes, until the run has ended.
   */
  watch: protectedProcedure
    .input(z.object({ runId: z.uuid() }))
    .subscription(({ ctx, input, signal }) => watchRun(ctx, ctx.user, input.runId, signal)),

  cancel: protectedProcedure
    .input(z.object({ runId: z.uuid() }))
    .output(z.object({ cancelRequested: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await cancelRun(ctx, ctx.user, input.runId);
      return { cancelRequested: true as const };
    }),

  rerun: protectedProcedure
    .input(z.object({ runId: z.uuid(), spec: z.enum(['current', 'original']).default('current') }))
    .output(runDtoSchema)
    .mutation(async ({ ctx, input }) => toRunDto(await rerun(ctx, ctx.user, input.runId, input.spec), ctx.config)),

  /**
   * A new run of a failed one that reuses the outputs of the nodes that succeeded and runs the rest;
   * on the current spec only when what had already run is unchanged (CONFLICT names what changed).
   */
  resume: protectedProcedure
    .input(z.object({ runId: z.uuid(), spec: z.enum(['current', 'original']).default('original') }))
    .output(runDtoSchema)
    .mutation(async ({ ctx, input }) => toRunDto(await resumeRun(ctx, ctx.user, input.runId, input.spec), ctx.config)),

  /**
   * A test run (decision 0011) of the workflow's current spec, or of `spec` (a proposal): it runs on
   * Temporal with every node's side effects replaced by samples (pinned outputs, last real outputs,
   * or derived ones); delays do not wait and approvals take `approvals` (default "approved").
   * `runs.preview` tells what a real run would have done.
   */
  test: protectedProcedure
    .input(
      z.object({
        workflowId: z.uuid(),
        spec: z.unknown().optional(),
        input: runInputSchema.default({}),
        approvals: z.record(storableText.min(1).max(64), approvalChoiceSchema).default({}),
      }),
    )
    .output(runDtoSchema)
    .mutation(async ({ ctx, input }) => toRunDto(await startTestRun(ctx, ctx.user, input), ctx.config)),

  /** What a real run would do, node by node, as a test run found: requests, emails, rows, prompts, branches, empty templates. */
  preview: protectedProcedure
    .input(z.object({ runId: z.uuid() }))
    .output(testPreviewSchema)
    .query(({ ctx, input }) => getTestPreview(ctx, ctx.user, input.runId)),

  decideApproval: protectedProcedure
    .input(
      z.object({
        runId: z.uuid(),
        nodeId: storableText.min(1).max(64),
        decision: z.enum(['approved', 'rejected']),
        comment: storableText.max(2000).nullable().default(null),
      }),
    )
    .output(z.object({ delivered: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await decideApproval(ctx, ctx.user, input);
      return { delivered: true as const };
    }),
});
