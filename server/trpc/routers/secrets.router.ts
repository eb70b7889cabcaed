import { z } from 'zod';
import { pageInput } from '../../../core/db/keyset-cursor';
import { secretDtoSchema, secretNameSchema, secretValueSchema } from '../../secrets/secret.dto';
import { createSecret, deleteSecret, listSecrets, replaceSecretValue } from '../../secrets/secrets.service';
import { protectedProcedure, router } from '../init';

// Values go in and never come out: no output here has a field that could carry one.
export const secretsRouter = router({
  /** Names and dates of my secrets, newest first; an admin sees everyone's, or one owner's. */
  list: protectedProcedure
    .input(z.object({ ownerId: z.uuid().nullable().default(null), ...pageInput }))
    .output(z.object({ items: z.array(secretDtoSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listSecrets(ctx.models, ctx.user, input)),

  /** A new secret of the caller's; CONFLICT when they already have one of that name. */
  create: protectedProcedure
    .input(z.object({ name: secretNameSchema, value: secretValueSchema }))
    .output(secretDtoSchema)
    .mutation(({ ctx, input }) => createSecret(ctx, ctx.user, input)),

  replace: protectedProcedure
    .input(z.object({ id: z.uuid(), value: secretValueSchema }))
    .output(secretDtoSchema)
    .mutation(({ ctx, input }) => replaceSecretValue(ctx, ctx.user, input)),

  /** CONFLICT while a connector takes its credentials from the secret. */
  delete: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteSecret(ctx.models, ctx.user, input.id);
      return { deleted: true as const };
    }),
});
