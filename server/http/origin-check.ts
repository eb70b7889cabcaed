import type { MiddlewareHandler } from 'hono';
import { bearerCredentials } from '../auth/bearer-header';
import { httpError } from './http-error';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins allowed to change state: PUBLIC_URL's, plus its loopback twin in development. */
export function allowedOrigins(publicUrl: string): Set<string> {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin]);
  const twins: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };
  const twin = twins[url.hostname];
  if (twin) origins.add(`${url.protocol}//${twin}${url.port ? `:${url.port}` : ''}`);
  return origins;
}

/**
 * CSRF defence for every state-changing request: the browser's Origin header must be ours, and
 * a GET another site's page or link makes is refused by its Sec-Fetch-Site header.
 * `hono/csrf` checks only form content types, and tRPC mutations are JSON, hence this check.
 *
 * Requests with an `Authorization: Bearer` header pass without an Origin: CSRF works by making a
 * browser send credentials it attaches on its own (the cookie), and a browser never attaches an
 * Authorization header on its own; a cross-site page cannot set one either without a CORS
 * preflight, which this API never grants. Such a request is authenticated by its token alone, and
 * the tRPC context refuses a bad token rather than falling back to the cookie, so skipping the
 * check here cannot lend a cookie to a forged request.
 */
export function originCheck(origins: Set<string>): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) {
      // A subscription runs over GET (server-sent events) and chat.send changes state, while a
      // browser sends no Origin on a same-origin GET and attaches the Lax cookie to another
      // site's link. Fetch metadata tells such requests apart: every current browser sends it.
      const site = c.req.header('sec-fetch-site');
      if (site !== 'cross-site' && site !== 'same-site') return next();
      return httpError(
        c,
        403,
        'FORBIDDEN',
        `Refused a ${site} request: this API answers only pages served from ${[...origins].join(' or ')}.`,
      );
    }
    if (bearerCredentials(c.req.header('authorization')) !== null) return next();
    const origin = c.req.header('origin');
    if (origin && origins.has(origin)) return next();
    const seen = origin ? `from ${origin}` : 'without an Origin header';
    return httpError(
      c,
      403,
      'FORBIDDEN',
      `Refused a cross-site request ${seen}: changes are accepted only from ${[...origins].join(' or ')}.`,
    );
  };
}
