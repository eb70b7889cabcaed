import { z } from 'zod';

// Connector settings, per type: `config` holds what may be shown, and the secret (encrypted in
// `secrets`, referenced by `connectors.secrets_ref`) holds what may not. Both are JSON.

const header = z.object({ name: z.string().min(1).max(200), value: z.string().max(4000) }).strict();

export const httpConnectorConfigSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }),
    headers: z.array(header).max(50).default([]),
    auth: z.enum(['none', 'bearer', 'basic']).default('none'),
  })
  .strict();
export const httpConnectorSecretSchema = z
  .object({ bearerToken: z.string().min(1).optional(), username: z.string().optional(), password: z.string().optional(), headers: z.array(header).max(50).default([]) })
  .strict();

export const smtpConnectorConfigSchema = z
  .object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false).describe('TLS from the first byte (port 465); otherwise STARTTLS when offered'),
    username: z.string().max(255).nullable().default(null),
    from: z.string().min(3).max(320),
  })
  .strict();
export const smtpConnectorSecretSchema = z.object({ password: z.string().min(1) }).strict();

export const googleSheetsConnectorConfigSchema = z
  .object({
    clientEmail: z.email(),
    tokenUri: z.url().default('https://oauth2.googleapis.com/token'),
    apiRoot: z.url().default('https://sheets.googleapis.com'),
  })
  .strict();
export const googleSheetsConnectorSecretSchema = z.object({ privateKey: z.string().min(1) }).strict();

export const connectorSchemas = {
  http: { config: httpConnectorConfigSchema, secret: httpConnectorSecretSchema },
  smtp: { config: smtpConnectorConfigSchema, secret: smtpConnectorSecretSchema },
  google_sheets: { config: googleSheetsConnectorConfigSchema, secret: googleSheetsConnectorSecretSchema },
} as const;
export type ConnectorType = keyof typeof connectorSchemas;
