import { z } from 'zod';
import { runStatusSchema, taskStatusSchema } from '../../core/db/enums';
import { sampleSourceSchema, testEffectSchema } from '../../core/run/test-plan';

/** One node of a test run (or one of a loop body's per-item rows), as its preview tells it. */
export const previewNodeSchema = z.object({
  /** The task's key: the node id, with the item's indexes in a loop body (`mail[2]`). */
  key: z.string(),
  nodeId: z.string(),
  name: z.string(),
  type: z.string(),
  status: taskStatusSchema,
  /** The branch a condition or approval took. */
  branch: z.string().nullable(),
  /** What a real run would have done outside the run here; null for nodes that act on nothing outside. */
  effect: testEffectSchema.nullable(),
  /** Where the node's output came from, for nodes with outside effects. */
  sample: z.object({ source: sampleSourceSchema, fromRunId: z.uuid().optional() }).nullable(),
  /** Each `{{ expression }}` that rendered nothing (null or ""), with its field: `subject: {{ trigger.name }}`. */
  emptyTemplates: z.array(z.string()),
  /** Why the node failed (a template that could not evaluate, for one), and the failure's type (`ExpressionError`). */
  error: z.string().nullable(),
  errorType: z.string().nullable(),
});

/** What a real run of the tested spec would do, node by node, in the order the nodes ran. */
export const testPreviewSchema = z.object({
  runId: z.uuid(),
  status: runStatusSchema,
  nodes: z.array(previewNodeSchema),
  /** More rows than a preview lists (a long loop): the first ones are listed. */
  truncated: z.boolean(),
  counts: z.object({
    requests: z.number().int(),
    emails: z.number().int(),
    rowsAppended: z.number().int(),
    prompts: z.number().int(),
    /** Nodes with templates that rendered empty. */
    emptyTemplateNodes: z.number().int(),
    /** Top-level nodes that failed (a loop counts once, however many items failed). */
    failedNodes: z.number().int(),
  }),
});
export type TestPreview = z.infer<typeof testPreviewSchema>;
