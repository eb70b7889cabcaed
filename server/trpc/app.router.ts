import { router } from './init';
import { alertsRouter } from './routers/alerts.router';
import { apiTokensRouter } from './routers/api-tokens.router';
import { authRouter } from './routers/auth.router';
import { auditLogsRouter } from './routers/audit-logs.router';
import { chatRouter } from './routers/chat.router';
import { connectorsRouter } from './routers/connectors.router';
import { runsRouter } from './routers/runs.router';
import { secretsRouter } from './routers/secrets.router';
import { systemRouter } from './routers/system.router';
import { usersRouter } from './routers/users.router';
import { workflowsRouter } from './routers/workflows.router';

export const appRouter = router({
  auth: authRouter,
  system: systemRouter,
  workflows: workflowsRouter,
  runs: runsRouter,
  chat: chatRouter,
  connectors: connectorsRouter,
  users: usersRouter,
  auditLogs: auditLogsRouter,
  apiTokens: apiTokensRouter,
  secrets: secretsRouter,
  alerts: alertsRouter,
});

/** The API's type, for the web client and other TypeScript apps (`import type` only). */
export type AppRouter = typeof appRouter;
