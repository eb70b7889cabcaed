import type { FetchCreateContextFnOptions } from '@trpc/server/adapters/fetch';
import type { Context as HonoContext } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppServices } from '../app-services';
import { clearedSessionCookie, cookieIsSecure, SESSION_COOKIE, sessionCookie } from '../auth/session-cookie';
import { validateSessionToken } from '../auth/session.service';
import { clientAddress } from '../http/client-address';

/** Built from the Hono context for every tRPC request: services, the signed-in user, the session. */
export async function createContext(services: AppServices, { resHeaders }: FetchCreateContextFnOptions, c: HonoContext) {
  const secure = cookieIsSecure(services.config.PUBLIC_URL);
  const token = getCookie(c, SESSION_COOKIE);
  const auth = token ? await validateSessionToken(services.models, token) : null;
  if (auth?.renewed) resHeaders.append('set-cookie', sessionCookie(token!, auth.session.expiresAt, secure));
  if (token && !auth) resHeaders.append('set-cookie', clearedSessionCookie(secure));
  return {
    ...services,
    user: auth?.user ?? null,
    session: auth?.session ?? null,
    ip: clientAddress(c),
    setSessionCookie: (value: string, expiresAt: Date) => resHeaders.append('set-cookie', sessionCookie(value, expiresAt, secure)),
    clearSessionCookie: () => resHeaders.append('set-cookie', clearedSessionCookie(secure)),
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
