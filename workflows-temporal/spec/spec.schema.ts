import { z } from 'zod';

// The spec language's one home. Pure TypeScript + zod (no Node built-ins, no I/O) so the server,
// the web client and the Temporal workflow sandbox can all import it.

/** Node types the interpreter runs. */
export const nodeTypeSchema = z.enum([
  'http_request',
  'send_email',
  'google_sheets',
  'transform',
  'condition',
  'delay',
  'llm',
  'approval',
]);
export type NodeType = z.infer<typeof nodeTypeSchema>;

export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }).strict(),
  z.object({ type: z.literal('webhook') }).strict(),
  z
    .object({
      type: z.literal('cron'),
      cron: z.string().min(1).describe('Five fields, read the way Temporal Schedules read them (UTC unless timezone)'),
      timezone: z.string().min(1).optional(),
    })
    .strict(),
]);
export type Trigger = z.infer<typeof triggerSchema>;

export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must start with a letter and hold only letters, digits and _ (at most 64)');

export const nodeSchema = z
  .object({
    id: nodeIdSchema,
    type: nodeTypeSchema,
    name: z.string().min(1).max(200),
    config: z.record(z.string(), z.unknown()),
  })
  .strict();
export type SpecNode = z.infer<typeof nodeSchema>;

/** `[from, to]`, or `[from, to, branch]` when `from` is a condition. */
export const edgeSchema = z.union([
  z.tuple([nodeIdSchema, nodeIdSchema]),
  z.tuple([nodeIdSchema, nodeIdSchema, z.string().min(1).max(64)]),
]);
export type Edge = z.infer<typeof edgeSchema>;

export const workflowSpecSchema = z
  .object({
    trigger: triggerSchema,
    nodes: z.array(nodeSchema).min(1).max(200),
    edges: z.array(edgeSchema).max(1000),
  })
  .strict();
export type WorkflowSpec = z.infer<typeof workflowSpecSchema>;
