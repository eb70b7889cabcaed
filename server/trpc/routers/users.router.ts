import { z } from 'zod';
import { userRoleSchema } from '../../../core/db/enums';
import type { User } from '../../../core/db/models';
import { changeRole, createUser, setDisabled } from '../../users/users.service';
import { adminProcedure, router } from '../init';

const adminUserSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: userRoleSchema, disabledAt: z.date().nullable(), createdAt: z.date() });
const toAdminUser = (u: User) => ({ id: u.id, name: u.name, email: u.email, role: u.role, disabledAt: u.disabledAt ?? null, createdAt: u.createdAt });

// bcrypt reads at most 72 bytes: a longer password would be silently cut, so it is refused.
const passwordSchema = z
  .string()
  .min(12, 'use at least 12 characters')
  .refine((p) => new TextEncoder().encode(p).length <= 72, 'use at most 72 bytes (bcrypt ignores the rest)');

/** Account management, for admins only. */
export const usersRouter = router({
  list: adminProcedure
    .output(z.array(adminUserSchema))
    .query(async ({ ctx }) => (await ctx.models.User.findAll({ order: [['email', 'ASC']] })).map(toAdminUser)),

  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(255), email: z.email().max(255), password: passwordSchema, role: userRoleSchema.default('member') }))
    .output(adminUserSchema)
    .mutation(async ({ ctx, input }) => toAdminUser(await createUser(ctx, ctx.user, input))),

  changeRole: adminProcedure
    .input(z.object({ userId: z.uuid(), role: userRoleSchema }))
    .output(adminUserSchema)
    .mutation(async ({ ctx, input }) => toAdminUser(await changeRole(ctx, ctx.user, input.userId, input.role))),

  setDisabled: adminProcedure
    .input(z.object({ userId: z.uuid(), disabled: z.boolean() }))
    .output(adminUserSchema)
    .mutation(async ({ ctx, input }) => toAdminUser(await setDisabled(ctx, ctx.user, input.userId, input.disabled))),
});
