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
  .object({
    bearerToken: z.string().min(1).optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    headers: z.array(header).max(50).default([]),
  })
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

export const openAiConnectorConfigSchema = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .default('https://api.openai.com/v1')
      .describe('Any OpenAI-compatible endpoint, up to and including /v1'),
    organization: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .strict();
export const openAiConnectorSecretSchema = z.object({ apiKey: z.string().min(1).max(1000) }).strict();

/**
 * Per type: its schemas, and the secret fields its config relies on (field, why). A connector saved
 * without them would only fail once a run uses it, so saving refuses it.
 */
export const connectorSchemas = {
  http: {
    config: httpConnectorConfigSchema,
    secret: httpConnectorSecretSchema,
    secretNeeds: (c: z.output<typeof httpConnectorConfigSchema>): Array<[string, string]> =>
      c.auth === 'bearer'
        ? [['bearerToken', 'auth is bearer']]
        : c.auth === 'basic'
          ? [['username', 'auth is basic']]
          : [],
  },
  smtp: {
    config: smtpConnectorConfigSchema,
    secret: smtpConnectorSecretSchema,
    secretNeeds: (c: z.output<typeof smtpConnectorConfigSchema>): Array<[string, string]> =>
      c.username === null ? [] : [['password', 'a username is set']],
  },
  google_sheets: {
    config: googleSheetsConnectorConfigSchema,
    secret: googleSheetsConnectorSecretSchema,
    secretNeeds: (): Array<[string, string]> => [
      ['privateKey', 'the service account signs its token requests with it'],
    ],
  },
  openai: {
    config: openAiConnectorConfigSchema,
    secret: openAiConnectorSecretSchema,
    secretNeeds: (): Array<[string, string]> => [['apiKey', 'the endpoint is called with it']],
  },
} as const;
export type ConnectorType = keyof typeof connectorSchemas;
export const connectorTypeSchema = z.enum(Object.keys(connectorSchemas) as [ConnectorType, ...ConnectorType[]]);
export type ConnectorConfig<T extends ConnectorType> = z.output<(typeof connectorSchemas)[T]['config']>;
export type ConnectorSecret<T extends ConnectorType> = z.output<(typeof connectorSchemas)[T]['secret']>;
