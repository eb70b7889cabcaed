import { z } from 'zod';
import { storableText } from '../db/storable';
import { nodeTypeDefinitions, nodeTypes, type NodeType } from './node-types';

// The spec language's one home. Pure TypeScript + zod (no Node built-ins, no I/O) so the server,
// the web client and the Temporal workflow sandbox can all import it. Its free text is storableText,
// so a spec PostgreSQL cannot store as written is a problem listed like any other.

/** The longest a webhook delivery may be held open waiting for its run: a longer one ties up a connection. */
export const MAX_WEBHOOK_WAIT_SECONDS = 30;

/** Node types the interpreter runs. */
export const nodeTypeSchema = z.enum(nodeTypes);

export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }).strict(),
  z
    .object({
      type: z.literal('webhook'),
      respond: z
        .enum(['accepted', 'after_run'])
        .optional()
        .describe(
          'What a delivery is answered: "accepted" (the default) answers at once with the run id; "after_run" waits for the run to end and answers with its final node\'s output',
        ),
      waitSeconds: z
        .number()
        .int()
        .min(1)
        .max(MAX_WEBHOOK_WAIT_SECONDS)
        .optional()
        .describe(
          `Only with respond "after_run": the longest a delivery waits for its run (1 to ${MAX_WEBHOOK_WAIT_SECONDS} s, ${MAX_WEBHOOK_WAIT_SECONDS} when left out); a longer run is answered with its id`,
        ),
    })
    .strict(),
  z
    .object({
      type: z.literal('cron'),
      cron: storableText
        .min(1)
        .describe('Five fields, read the way Temporal Schedules read them (UTC unless timezone)'),
      timezone: storableText.min(1).optional(),
    })
    .strict(),
]);
export type Trigger = z.infer<typeof triggerSchema>;

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must start with a letter and hold only letters, digits and _ (at most 64)');

const nodeNameSchema = storableText.min(1).max(200);

export const onErrorSchema = z
  .enum(['fail', 'continue'])
  .describe(
    'What a failure of this node (after its last attempt) does to the run: "fail" (the default) fails the run unless an "error" edge handles it; "continue" carries on along its unlabelled edges and does not fail the run',
  );
export type OnError = z.infer<typeof onErrorSchema>;

function nodeOf<T extends NodeType, C extends z.ZodType>(type: T, config: C) {
  return z
    .object({
      id: nodeIdSchema,
      type: z.literal(type),
      name: nodeNameSchema,
      config,
      onError: onErrorSchema.optional(),
      loop: nodeIdSchema
        .optional()
        .describe(
          'Only for a node in a loop body: the id of its for_each node. It runs once per item and connects only to nodes of the same body',
        ),
    })
    .strict();
}

/** A node: its config is checked against the schema of its type. */
export const nodeSchema = z.discriminatedUnion(
  'type',
  [
    nodeOf('http_request', nodeTypeDefinitions.http_request.config),
    nodeOf('send_email', nodeTypeDefinitions.send_email.config),
    nodeOf('google_sheets', nodeTypeDefinitions.google_sheets.config),
    nodeOf('transform', nodeTypeDefinitions.transform.config),
    nodeOf('condition', nodeTypeDefinitions.condition.config),
    nodeOf('delay', nodeTypeDefinitions.delay.config),
    nodeOf('llm', nodeTypeDefinitions.llm.config),
    nodeOf('approval', nodeTypeDefinitions.approval.config),
    nodeOf('for_each', nodeTypeDefinitions.for_each.config),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `unknown node type; use one of: ${nodeTypes.join(', ')}` : undefined,
  },
);
export type SpecNode = z.infer<typeof nodeSchema>;

/**
 * `[from, to]`, `[from, to, branch]` when `from` is a condition or an approval, or
 * `[from, to, "error"]`: taken only when `from` failed, which handles the failure.
 */
export const edgeSchema = z.union([
  z.tuple([nodeIdSchema, nodeIdSchema]),
  z.tuple([nodeIdSchema, nodeIdSchema, storableText.min(1).max(64)]),
]);
export type Edge = z.infer<typeof edgeSchema>;

/** How the workflow's runs behave as a whole; `core/spec/run-overlap.ts` reads the defaults. */
export const workflowSettingsSchema = z
  .object({
    overlap: z
      .enum(['allow', 'skip', 'buffer_one'])
      .optional()
      .describe(
        'What a new run does while another run of this workflow is still going: "allow" starts it too; "skip" refuses it (a webhook gets 409); "buffer_one" keeps one waiting and starts it when the running one ends, refusing any further one. Leave it out for the default: "skip" for cron runs, "allow" for manual and webhook runs',
      ),
    timeoutSeconds: z
      .number()
      .int()
      .min(5)
      .max(31 * 24 * 3600)
      .optional()
      .describe(
        'The most a run may take, waits included: past it, its unfinished nodes are cancelled and the run fails as timed out. Leave it out for no limit',
      ),
  })
  .strict()
  .describe('Workflow-wide settings; leave out when the defaults suit');
export type WorkflowSettings = z.infer<typeof workflowSettingsSchema>;

export const workflowSpecSchema = z
  .object({
    trigger: triggerSchema,
    nodes: z.array(nodeSchema).min(1).max(200),
    edges: z.array(edgeSchema).max(1000),
    settings: workflowSettingsSchema.optional(),
  })
  .strict();
export type WorkflowSpec = z.infer<typeof workflowSpecSchema>;
