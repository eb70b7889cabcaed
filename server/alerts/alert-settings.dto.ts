import { z } from 'zod';
import { storableText } from '../../core/db/storable';
import { timestampSchema } from '../trpc/timestamp';

// A workflow's failure alert settings (decision 0014), as the API reads and takes them. The webhook
// signing secret goes out once, in the answer that created it, and never in these settings.

/** The most minutes an alert window may last: a week. */
export const MAX_WINDOW_MINUTES = 10_080;
export const DEFAULT_WINDOW_MINUTES = 15;

const emailSettingsSchema = z
  .object({
    enabled: z.boolean(),
    recipients: z
      .array(z.email({ message: 'each recipient must be an email address' }).max(254))
      .max(20, { message: 'at most 20 recipients' })
      .default([]),
    smtpConnectorId: z
      .uuid({ message: 'smtpConnectorId must be the id of an SMTP connector' })
      .nullable()
      .default(null),
  })
  .check((ctx) => {
    if (!ctx.value.enabled) return;
    if (ctx.value.recipients.length === 0)
      ctx.issues.push({
        code: 'custom',
        message: 'email alerts need at least one recipient',
        input: ctx.value,
        path: ['recipients'],
      });
    if (ctx.value.smtpConnectorId === null)
      ctx.issues.push({
        code: 'custom',
        message: 'email alerts need an SMTP connector',
        input: ctx.value,
        path: ['smtpConnectorId'],
      });
  });

const webhookSettingsSchema = z
  .object({
    enabled: z.boolean(),
    url: storableText
      .trim()
      .max(2000, { message: 'the webhook URL is at most 2000 characters' })
      .pipe(z.url({ protocol: /^https?$/, message: 'the webhook URL must be an absolute http:// or https:// URL' }))
      .nullable()
      .default(null),
  })
  .check((ctx) => {
    if (ctx.value.enabled && ctx.value.url === null)
      ctx.issues.push({ code: 'custom', message: 'webhook alerts need a URL', input: ctx.value, path: ['url'] });
  });

export const alertSettingsInputSchema = z.object({
  workflowId: z.uuid(),
  email: emailSettingsSchema,
  webhook: webhookSettingsSchema,
  windowMinutes: z
    .number()
    .int({ message: 'windowMinutes is a whole number of minutes' })
    .min(1, { message: 'windowMinutes is at least 1' })
    .max(MAX_WINDOW_MINUTES, { message: `windowMinutes is at most ${MAX_WINDOW_MINUTES} (a week)` })
    .default(DEFAULT_WINDOW_MINUTES),
  /** Replaces the webhook's signing secret; one is created anyway when a webhook URL is first set. */
  rotateWebhookSecret: z.boolean().default(false),
});
export type AlertSettingsInput = z.infer<typeof alertSettingsInputSchema>;

export const alertSettingsSchema = z.object({
  workflowId: z.uuid(),
  email: z.object({ enabled: z.boolean(), recipients: z.array(z.string()), smtpConnectorId: z.uuid().nullable() }),
  /** `hasSecret`: whether deliveries are signed; the secret's value is never returned here. */
  webhook: z.object({ enabled: z.boolean(), url: z.string().nullable(), hasSecret: z.boolean() }),
  windowMinutes: z.number().int(),
  /** When the last alert went out (its window's start). */
  lastSentAt: timestampSchema.nullable(),
  /** Failed runs since then that the window kept from alerting; the next alert reports them. */
  heldBack: z.number().int(),
  /** Why the last alert could not be delivered on some channel; null when it was. */
  lastError: z.string().nullable(),
  lastErrorAt: timestampSchema.nullable(),
});
export type AlertSettings = z.input<typeof alertSettingsSchema>;

/** The settings with, once, the webhook signing secret just created (null when none was). */
export const alertSettingsUpdateSchema = alertSettingsSchema.extend({ newWebhookSecret: z.string().nullable() });
