import type { AppServices } from '../server/app-services';
import type { Session, User } from '../core/db/models';
import { appRouter } from '../server/trpc/app.router';
import { createCallerFactory } from '../server/trpc/init';
import { logger } from '../core/logging/logger';

const createCaller = createCallerFactory(appRouter);

/** Calls procedures as `user` (signed out when null), through the same middlewares as HTTP. */
export function callerFor(services: AppServices, user: User | null) {
  return createCaller({
    ...services,
    user,
    session: user
      ? ({ id: 'test-session', userId: user.id, expiresAt: new Date(Date.now() + 60_000) } as Session)
      : null,
    authMethod: user ? 'session' : null,
    ip: '127.0.0.1',
    log: logger,
    setSessionCookie: () => undefined,
    clearSessionCookie: () => undefined,
  });
}
