import type { FetchCreateContextFnOptions } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import type { Context as HonoContext } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppServices } from '../app-services';
import { authenticateApiToken } from '../auth/api-tokens.service';
import { bearerCredentials } from '../auth/bearer-header';
import { clearedSessionCookie, cookieIsSecure, SESSION_COOKIE, sessionCookie } from '../auth/session-cookie';
import { validateSessionToken } from '../auth/session.service';
import type { Session, User } from '../../core/db/models';
import { clientAddress } from '../http/client-address';
import type { AppEnv } from '../http/request-telemetry';

/** How a request proved who it is: a sign-in cookie, an API token, or nothing. */
export type AuthMethod = 'session' | 'token' | null;

export const invalidApiTokenMessage = 'The API token is invalid, revoked or expired.';

interface Authentication {
  user: User | null;
  session: Session | null;
  authMethod: AuthMethod;
}

/**
 * A Bearer header wins over the cookie and never falls back to it: a program whose token stopped
 * working must be told so, not quietly act as whoever is signed in in the same browser.
 */
async function authenticate(
  services: AppServices,
  c: HonoContext,
  resHeaders: Headers,
  secure: boolean,
): Promise<Authentication> {
  const bearer = bearerCredentials(c.req.header('authorization'));
  if (bearer !== null) {
    const user = await authenticateApiToken(services.models, bearer);
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: invalidApiTokenMessage });
    return { user, session: null, authMethod: 'token' };
  }
  const token = getCookie(c, SESSION_COOKIE);
  const auth = token ? await validateSessionToken(services.models, token) : null;
  if (auth?.renewed) resHeaders.append('set-cookie', sessionCookie(token!, auth.session.expiresAt, secure));
  if (token && !auth) resHeaders.append('set-cookie', clearedSessionCookie(secure));
  return auth
    ? { user: auth.user, session: auth.session, authMethod: 'session' }
    : { user: null, session: null, authMethod: null };
}

/** Built from the Hono context for every tRPC request: services, the signed-in user, the session. */
export async function createContext(
  services: AppServices,
  { resHeaders }: FetchCreateContextFnOptions,
  c: HonoContext<AppEnv>,
) {
  const secure = cookieIsSecure(services.config.PUBLIC_URL);
  return {
    ...services,
    ...(await authenticate(services, c, resHeaders, secure)),
    ip: clientAddress(c),
    /** The request's logger: its lines carry the request id. */
    log: c.var.log,
    setSessionCookie: (value: string, expiresAt: Date) =>
      resHeaders.append('set-cookie', sessionCookie(value, expiresAt, secure)),
    clearSessionCookie: () => resHeaders.append('set-cookie', clearedSessionCookie(secure)),
  };
}

/**
 * An interface, not an alias, so that declaration files name it rather than spell out the services
 * in every router: the client package (client/) declares it empty, and other apps never see them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its members come from createContext
export interface Context extends Awaited<ReturnType<typeof createContext>> {}
