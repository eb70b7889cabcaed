import { z } from 'zod';
import { userRoleSchema } from '../../core/db/enums';
import type { User } from '../../core/db/models';

/** What the API says about a user: never the password hash. */
export const userDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: userRoleSchema,
});
export type UserDto = z.infer<typeof userDtoSchema>;

export const toUserDto = (user: User): UserDto => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
});
