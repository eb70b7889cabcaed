import { router } from './init';
import { authRouter } from './routers/auth.router';
import { runsRouter } from './routers/runs.router';
import { systemRouter } from './routers/system.router';
import { workflowsRouter } from './routers/workflows.router';

export const appRouter = router({
  auth: authRouter,
  system: systemRouter,
  workflows: workflowsRouter,
  runs: runsRouter,
});

/** The API's type, for the web client and other TypeScript apps (`import type` only). */
export type AppRouter = typeof appRouter;
