import { z } from 'zod';
import { storableText } from '../../../core/db/storable';
import { apiTokenDtoSchema } from '../../auth/api-token.dto';
import { createApiToken, listApiTokens, MAX_EXPIRES_IN_DAYS, revokeApiToken } from '../../auth/api-tokens.service';
import { protectedProcedure, router, sessionProcedure } from '../init';

export const apiTokensRouter = router({
  /** The caller's tokens, newest first; never a token or its hash. */
  list: protectedProcedure
    .input(z.void())
    .output(z.array(apiTokenDtoSchema))
    .query(({ ctx }) => listApiTokens(ctx.models, ctx.user)),

  /** Returns the token itself this once. Needs a sign-in session: a token cannot mint tokens. */
  create: sessionProcedure
    .input(
      z.object({
        name: storableText.trim().min(1).max(100),
        expiresInDays: z.number().int().min(1).max(MAX_EXPIRES_IN_DAYS).optional(),
      }),
    )
    .output(z.object({ token: z.string(), apiToken: apiTokenDtoSchema }))
    .mutation(({ ctx, input }) => createApiToken(ctx.models, ctx.user, input)),

  /** Revokes one of the caller's tokens (a token may revoke itself); others' answer NOT_FOUND. */
  revoke: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .output(apiTokenDtoSchema)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.models, ctx.user, input.id)),
});
