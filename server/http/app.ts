import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppServices } from '../app-services';
import { repoRoot } from '../../core/config/paths';
import { AppError } from '../../core/errors/app-error';
import { logger } from '../../core/logging/logger';
import { createContext } from '../trpc/context';
import { appRouter } from '../trpc/app.router';
import { healthzRoute } from './healthz.route';
import { httpError } from './http-error';
import { allowedOrigins, originCheck } from './origin-check';
import { webhookRoute } from './webhook.route';
import { mcpRoute } from '../mcp/mcp.route';
import { requestTelemetry, type AppEnv } from './request-telemetry';

/** Largest request body the API accepts; bigger ones get a 413 before any parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The whole HTTP surface: health, webhooks, tRPC under /trpc, MCP at /mcp, and the built web client in production. */
export function createApp(services: AppServices, { webDist = join(repoRoot, 'web', 'dist') } = {}) {
  const app = new Hono<AppEnv>();
  app.use('*', requestTelemetry(services.metrics, { traced: Boolean(services.config.OTEL_EXPORTER_OTLP_ENDPOINT) }));
  app.use('*', secureHeaders());
  app.route('/healthz', healthzRoute(services));
  app.route('/hooks', webhookRoute(services));
  app.route('/mcp', mcpRoute(services));
  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => httpError(c, 413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`),
    }),
    originCheck(allowedOrigins(services.config.PUBLIC_URL)),
    trpcServer({
      router: appRouter,
      createContext: (opts, c) => createContext(services, opts, c),
      // A refusal that says how long to wait says it in Retry-After too, for programs.
      responseMeta: ({ errors }) => {
        const retryAfter = errors
          .map((error) => (error.cause instanceof AppError ? error.cause.details?.retryAfterSeconds : undefined))
          .find((seconds) => typeof seconds === 'number');
        return retryAfter === undefined ? {} : { headers: { 'retry-after': String(retryAfter) } };
      },
      onError: ({ error, path, ctx }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof AppError))
          (ctx?.log ?? logger).error({ err: error.cause ?? error, procedure: path }, 'tRPC procedure failed');
      },
    }),
  );
  // Production serves the built client from the same origin; development uses Vite's server.
  if (existsSync(join(webDist, 'index.html'))) {
    const root = relative(process.cwd(), webDist);
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return app;
}
