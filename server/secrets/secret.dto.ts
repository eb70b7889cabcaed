import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import type { Secret } from '../../core/db/models';
import { storableText } from '../../core/db/storable';

/** Names the app keeps for its own rows (webhook signing secrets, connector credentials). */
export const reservedSecretPrefixes = ['webhook:', 'connector:'] as const;

export const MAX_SECRET_BYTES = 64 * 1024;

export const secretNameSchema = z
  .string()
  .refine((name) => !reservedSecretPrefixes.some((prefix) => name.startsWith(prefix)), {
    message: `names starting with ${reservedSecretPrefixes.join(' or ')} are reserved for the app's own secrets; choose another name`,
    abort: true,
  })
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'a secret name is 1 to 100 letters, digits, "_", "-" or "."' });

// Stored encrypted, yet refused all the same: UTF-8 would turn an unpaired surrogate into U+FFFD,
// and no header, password or key holds a NUL.
export const secretValueSchema = storableText
  .min(1, { message: 'a secret value cannot be empty' })
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_SECRET_BYTES, {
    message: `a secret value is at most 64 KiB (${MAX_SECRET_BYTES} bytes as UTF-8)`,
  });

/** What the API says about a secret: never its value, nor its ciphertext. */
export const secretDtoSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  name: z.string(),
  createdAt: timestampSchema,
  /** When the value was last set. */
  updatedAt: timestampSchema,
});
export type SecretDto = z.input<typeof secretDtoSchema>;

export const toSecretDto = (row: Secret): SecretDto => ({
  id: row.id,
  ownerId: row.ownerId,
  name: row.name,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
