import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import type { Connector } from '../../core/db/models';

/** What the API says about a connector: its settings, never a secret value. */
export const connectorListItemSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  name: z.string(),
  type: z.string(),
  /** Non-secret settings, as stored. */
  config: z.record(z.string(), z.unknown()),
  /** Whether credentials are stored; their values never leave the server. */
  hasSecret: z.boolean(),
  createdAt: timestampSchema,
});

export const connectorDtoSchema = connectorListItemSchema.extend({
  /** Names of the secret's fields that hold a value, e.g. ["password"]; null when it has none or cannot be read. */
  secretFields: z.array(z.string()).nullable(),
  /** Why the stored secret cannot be used (e.g. its key is no longer configured); null when it can, or there is none. */
  secretProblem: z.string().nullable(),
});
export type ConnectorDto = z.input<typeof connectorDtoSchema>;

export const connectionTestResultSchema = z.object({
  /** The service answered and, where the type signs in, accepted the credentials. */
  ok: z.boolean(),
  /** What happened, for a person: the status, the server's refusal, the timeout. */
  message: z.string(),
  latencyMs: z.number().int().nonnegative(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

export const toConnectorListItem = (row: Connector): z.input<typeof connectorListItemSchema> => ({
  id: row.id,
  ownerId: row.ownerId,
  name: row.name,
  type: row.type,
  config: row.config,
  hasSecret: row.secretsRef !== null,
  createdAt: row.createdAt,
});

export const toConnectorDto = (
  row: Connector,
  secret: { fields: string[] | null; problem: string | null },
): ConnectorDto => ({
  ...toConnectorListItem(row),
  secretFields: secret.fields,
  secretProblem: secret.problem,
});
