import { z } from 'zod';
import { login, logout } from '../../auth/login.service';
import { toUserDto, userDtoSchema } from '../../auth/user.dto';
import { protectedProcedure, publicProcedure, router, sessionProcedure } from '../init';

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ email: z.email().max(255), password: z.string().min(1).max(200) }))
    .output(z.object({ user: userDtoSchema }))
    .mutation(async ({ ctx, input }) => {
      const { user, token, expiresAt } = await login(ctx.models, { ...input, ip: ctx.ip });
      ctx.setSessionCookie(token, expiresAt);
      return { user: toUserDto(user) };
    }),

  // A token request has no session to end (sessionProcedure refuses it): revoke the token instead.
  logout: sessionProcedure.output(z.object({ signedOut: z.literal(true) })).mutation(async ({ ctx }) => {
    await logout(ctx.models, ctx.user, ctx.session.id);
    ctx.clearSessionCookie();
    return { signedOut: true as const };
  }),

  me: protectedProcedure.output(userDtoSchema).query(({ ctx }) => toUserDto(ctx.user)),
});
