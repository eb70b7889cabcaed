import { generateCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'wfa_session';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Secure everywhere but on localhost, where development runs over plain http. */
export const cookieIsSecure = (publicUrl: string) => !loopbackHosts.has(new URL(publicUrl).hostname);

/** httpOnly (no script can read it) and SameSite=Lax (not sent on cross-site POSTs). */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return generateCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return generateCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: 0 });
}
