import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import { userRoleSchema } from '../../core/db/enums';
import type { User } from '../../core/db/models';

/** An account as admins manage it; never its password hash. */
export const adminUserDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: userRoleSchema,
  disabledAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});

export const toAdminUserDto = (u: User): z.input<typeof adminUserDtoSchema> => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  disabledAt: u.disabledAt ?? null,
  createdAt: u.createdAt,
});
