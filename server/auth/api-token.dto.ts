import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import type { ApiToken } from '../../core/db/models';

/** What the API says about an API token: never the token nor its hash. */
export const apiTokenDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The token's first 8 characters, e.g. `wfa_k3x9`, to tell tokens apart. */
  tokenPrefix: z.string(),
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
  /** Null: never expires. */
  expiresAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
});
export type ApiTokenDto = z.input<typeof apiTokenDtoSchema>;

export const toApiTokenDto = (row: ApiToken): ApiTokenDto => ({
  id: row.id,
  name: row.name,
  tokenPrefix: row.tokenPrefix,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt ?? null,
  expiresAt: row.expiresAt ?? null,
  revokedAt: row.revokedAt ?? null,
});
