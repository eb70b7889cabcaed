import { z } from 'zod';
import { storableText } from '../db/storable';
import { retrySchema } from './retry.schema';

// One config schema per node type. String fields marked "template" may hold {{ expressions }}
// that read `trigger` (the run's input) and `nodes.<id>` (outputs of upstream nodes).
// Lists of {name, value} rather than free-form objects: the same schema feeds OpenAI's strict
// structured outputs, which accept only closed objects.

const template = (what: string) => storableText.max(20_000).describe(`${what} (template)`);
const connectorId = (type: string) => z.uuid().describe(`id of one of your ${type} connectors`);
const nameValue = z.object({ name: storableText.min(1).max(200), value: template('value') }).strict();
const base = { retry: retrySchema.optional().describe('Overrides the default retry policy') };

export const httpRequestConfigSchema = z
  .object({
    connectorId: connectorId('http')
      .nullable()
      .optional()
      .describe('http connector supplying base URL, headers and auth; url is then relative to its base URL'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
    url: template('Absolute URL, or a path when connectorId is set').min(1),
    headers: z.array(nameValue).max(50).default([]),
    body: template('Request body; a lone {{ expression }} is sent as JSON').nullable().optional(),
    timeoutSeconds: z.number().int().min(1).max(120).default(30),
    ...base,
  })
  .strict();

export const sendEmailConfigSchema = z
  .object({
    connectorId: connectorId('smtp'),
    to: z.array(template('Recipient address')).min(1).max(50),
    cc: z.array(template('Copy address')).max(50).default([]),
    subject: template('Subject').min(1),
    text: template('Plain-text body'),
    html: template('HTML body').nullable().optional(),
    ...base,
  })
  .strict();

export const googleSheetsConfigSchema = z
  .object({
    connectorId: connectorId('google_sheets'),
    operation: z.enum(['append', 'read']),
    spreadsheetId: template('Spreadsheet id, from its URL').min(1),
    range: template('A1 range, e.g. Invoices!A:D').min(1),
    rows: template('append only: a lone {{ expression }} giving a list of rows, each a list of cells')
      .nullable()
      .optional(),
    ...base,
  })
  .strict()
  .refine((config) => config.operation !== 'append' || Boolean(config.rows), {
    message: 'append needs rows',
    path: ['rows'],
  });

export const transformConfigSchema = z
  .object({
    fields: z
      .array(nameValue)
      .min(1)
      .max(100)
      .describe('The output object: each field is named and computed by its template'),
    ...base,
  })
  .strict();

export const conditionConfigSchema = z
  .object({
    expression: storableText
      .min(1)
      .max(4000)
      .describe('An expression (no braces), e.g. nodes.fetch.status == 200; edges out carry "true" or "false"'),
    ...base,
  })
  .strict();

export const delayConfigSchema = z
  .object({
    seconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .describe('How long to wait (a durable timer; at most 30 days)'),
  })
  .strict();

export const llmConfigSchema = z
  .object({
    connectorId: connectorId('openai')
      .nullable()
      .optional()
      .describe("openai connector supplying endpoint and API key; the server's configured model endpoint when absent"),
    prompt: template('What to ask the model').min(1),
    system: template('System instructions').nullable().optional(),
    model: storableText
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe('Model name; the configured LLM_MODEL when absent'),
    maxTokens: z.number().int().min(1).max(8000).default(800),
    ...base,
  })
  .strict();

export const approvalConfigSchema = z
  .object({
    message: template('What the approver is asked').min(1),
    timeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .default(24 * 60),
    onTimeout: z.enum(['reject', 'approve']).default('reject'),
  })
  .strict();

/** Largest list a loop may take, whatever its `maxItems` says (decision 0009). */
export const maxLoopItems = 10_000;

export const forEachConfigSchema = z
  .object({
    items: template(
      'A lone {{ expression }} giving the list to run the body for, e.g. {{ nodes.fetch.body.invoices }}; frozen when the loop starts',
    ).min(1),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(1)
      .describe('How many items run at once (1 to 20); results stay in input order'),
    onItemError: z
      .enum(['stop', 'continue'])
      .default('stop')
      .describe(
        'An item whose body fails: "stop" starts no further items and fails the loop; "continue" runs every item and the loop succeeds, its results saying which failed',
      ),
    maxItems: z
      .number()
      .int()
      .min(1)
      .max(maxLoopItems)
      .default(1000)
      .describe(`A longer list fails the loop before any item runs (at most ${maxLoopItems})`),
  })
  .strict();

export type HttpRequestConfig = z.infer<typeof httpRequestConfigSchema>;
export type SendEmailConfig = z.infer<typeof sendEmailConfigSchema>;
export type GoogleSheetsConfig = z.infer<typeof googleSheetsConfigSchema>;
export type TransformConfig = z.infer<typeof transformConfigSchema>;
export type ConditionConfig = z.infer<typeof conditionConfigSchema>;
export type DelayConfig = z.infer<typeof delayConfigSchema>;
export type LlmConfig = z.infer<typeof llmConfigSchema>;
export type ApprovalConfig = z.infer<typeof approvalConfigSchema>;
export type ForEachConfig = z.infer<typeof forEachConfigSchema>;
