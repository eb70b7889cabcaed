import { z } from 'zod';

// What each node type hands to the nodes after it (`nodes.<id>` in templates).

export const httpRequestOutputSchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.unknown().describe('Parsed JSON when the response is JSON, otherwise text'),
});
export const sendEmailOutputSchema = z.object({ messageId: z.string(), accepted: z.array(z.string()) });
export const googleSheetsOutputSchema = z.object({
  range: z.string(),
  rows: z.array(z.array(z.string())).describe('read: the rows; append: the rows written'),
  updatedRows: z.number().int(),
});
export const transformOutputSchema = z.record(z.string(), z.unknown()).describe('One entry per configured field');
export const conditionOutputSchema = z.object({ result: z.boolean(), branch: z.enum(['true', 'false']) });
export const delayOutputSchema = z.object({ waitedSeconds: z.number() });
export const llmOutputSchema = z.object({ text: z.string(), model: z.string(), totalTokens: z.number().int() });
export const approvalOutputSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  decidedBy: z.string().nullable().describe('Email of the person who decided; null on timeout'),
  comment: z.string().nullable(),
  timedOut: z.boolean(),
});
export const forEachOutputSchema = z.object({
  count: z.number().int().describe('How many items the list had'),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int().describe('Items not run because an earlier item failed with onItemError "stop"'),
  results: z
    .array(
      z.object({
        status: z.enum(['success', 'failed', 'skipped']),
        output: z
          .record(z.string(), z.unknown())
          .nullable()
          .describe("The outputs of the item's body nodes that succeeded, by node id"),
        error: z.string().nullable().describe('Why the item failed'),
      }),
    )
    .describe('One entry per item, in input order'),
});
