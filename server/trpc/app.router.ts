import { router } from './init';
import { authRouter } from './routers/auth.router';
import { systemRouter } from './routers/system.router';

export const appRouter = router({
  auth: authRouter,
  system: systemRouter,
});

/** The API's type, for the web client and other TypeScript apps (`import type` only). */
export type AppRouter = typeof appRouter;
