import { z } from 'zod';
import { protectedProcedure, router } from '../init';

export const systemRouter = router({
  /** What the client needs to link out and to explain what is configured; never a secret. */
  info: protectedProcedure
    .output(z.object({ temporalUiUrl: z.string(), temporalNamespace: z.string(), llmConfigured: z.boolean() }))
    .query(({ ctx }) => ({
      temporalUiUrl: ctx.config.TEMPORAL_UI_URL,
      temporalNamespace: ctx.config.TEMPORAL_NAMESPACE,
      llmConfigured: Boolean(ctx.config.OPENAI_API_KEY),
    })),
});
