import { z } from 'zod';
import { userRoleSchema } from '../../../core/db/enums';
import { storableText } from '../../../core/db/storable';
import { adminUserDtoSchema, toAdminUserDto } from '../../users/admin-user.dto';
import { changeRole, createUser, listUsers, setDisabled } from '../../users/users.service';
import { adminProcedure, router } from '../init';

// bcrypt reads at most 72 bytes: a longer password would be silently cut, so it is refused.
const passwordSchema = z
  .string()
  .min(12, 'use at least 12 characters')
  .refine((p) => new TextEncoder().encode(p).length <= 72, 'use at most 72 bytes (bcrypt ignores the rest)');

/** Account management, for admins only. */
export const usersRouter = router({
  list: adminProcedure
    .output(z.array(adminUserDtoSchema))
    .query(async ({ ctx }) => (await listUsers(ctx)).map(toAdminUserDto)),

  create: adminProcedure
    .input(
      z.object({
        name: storableText.trim().min(1).max(255),
        email: z.email().max(255),
        password: passwordSchema,
        role: userRoleSchema.default('member'),
      }),
    )
    .output(adminUserDtoSchema)
    .mutation(async ({ ctx, input }) => toAdminUserDto(await createUser(ctx, ctx.user, input))),

  changeRole: adminProcedure
    .input(z.object({ userId: z.uuid(), role: userRoleSchema }))
    .output(adminUserDtoSchema)
    .mutation(async ({ ctx, input }) => toAdminUserDto(await changeRole(ctx, ctx.user, input.userId, input.role))),

  setDisabled: adminProcedure
    .input(z.object({ userId: z.uuid(), disabled: z.boolean() }))
    .output(adminUserDtoSchema)
    .mutation(async ({ ctx, input }) => toAdminUserDto(await setDisabled(ctx, ctx.user, input.userId, input.disabled))),
});
