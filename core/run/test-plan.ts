import { z } from 'zod';
import type { SpecNode } from '../spec/spec.schema';

// Test runs (decision 0011): a spec runs on Temporal as a real run does, except that no node acts
// outside the run. A node that would call, send or write records the effect it would have (`logs.effect`)
// and answers with a sample output instead. The API picks the samples before the run starts and
// stores them with the run row (`workflow_runs.test_plan`); the worker reads a node's sample with its
// task, so Temporal history holds neither samples nor effects.

/** Node types whose work happens outside the run: a test run never does it. */
export const outsideEffectTypes = ['http_request', 'send_email', 'google_sheets', 'llm'] as const;
export type OutsideEffectType = (typeof outsideEffectTypes)[number];

export const hasOutsideEffect = (
  node: Pick<SpecNode, 'type'>,
): node is Extract<SpecNode, { type: OutsideEffectType }> =>
  (outsideEffectTypes as readonly string[]).includes(node.type);

/**
 * Where a test run's output of such a node came from:
 * - `pinned`: a person pinned it on the workflow's version;
 * - `last_run`: the node's output in the workflow's latest real run where it succeeded;
 * - `derived`: built from the node type's output and what later templates read of it;
 * - `simulated`: what the service would answer to the effect the node rendered (an email's
 *   accepted recipients, the rows an append wrote), for nodes that only send or write.
 */
export const sampleSourceSchema = z.enum(['pinned', 'last_run', 'derived', 'simulated']);
export type SampleSource = z.infer<typeof sampleSourceSchema>;

export const approvalChoiceSchema = z.enum(['approved', 'rejected']);

export const testPlanSchema = z.object({
  /** The output each node with outside effects answers with, by node id; absent: simulated. */
  samples: z.record(
    z.string(),
    z.object({
      source: sampleSourceSchema.exclude(['simulated']),
      output: z.unknown(),
      /** `last_run`: the run it was taken from. */
      fromRunId: z.uuid().optional(),
    }),
  ),
  /** The decision each approval node takes at once, by node id; "approved" where none is given. */
  approvals: z.record(z.string(), approvalChoiceSchema),
});
export type TestPlan = z.infer<typeof testPlanSchema>;
export type PlannedSample = TestPlan['samples'][string];

/** What a node would have done outside the run, as a test run records it: never a secret. */
export const testEffectSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('http_request'),
    method: z.string(),
    url: z.string(),
    /** Values a connector's secret adds (its credentials) read "(secret, from the connector)". */
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('send_email'),
    from: z.string(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string(),
    text: z.string(),
    html: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('google_sheets'),
    operation: z.enum(['read', 'append']),
    spreadsheetId: z.string(),
    range: z.string(),
    /** append: the rows it would write. */
    rows: z.array(z.array(z.string())).nullable(),
  }),
  z.object({ kind: z.literal('llm'), model: z.string(), system: z.string().nullable(), prompt: z.string() }),
  z.object({ kind: z.literal('delay'), seconds: z.number() }),
  z.object({ kind: z.literal('approval'), question: z.string(), decision: approvalChoiceSchema }),
]);
export type TestEffect = z.infer<typeof testEffectSchema>;
