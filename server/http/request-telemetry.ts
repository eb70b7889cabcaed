import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { logger, type Logger } from '../../core/logging/logger';
import type { ApiMetrics } from '../telemetry/api-metrics';

/** What every handler finds on `c.var`: the request's id and a logger that names it. */
export interface AppEnv {
  Variables: { requestId: string; log: Logger };
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept when it is a plain token (a proxy's or a load balancer's), else replaced. */
const usableRequestId = (value: string | undefined) => (value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID());

/**
 * Records each request: an id (the caller's `x-request-id`, or a new one), echoed in the response
 * and carried by every log line of the request; one log line when it is answered; the metrics by
 * method, route pattern and status; and, with `traced`, a server span that the Temporal client's
 * interceptor makes the parent of a run it starts (and that continues a caller's `traceparent`).
 */
export function requestTelemetry(metrics: ApiMetrics, { traced }: { traced: boolean }): MiddlewareHandler<AppEnv> {
  const tracer = trace.getTracer('workflow-agent-api');
  return async (c, next) => {
    const started = performance.now();
    const requestId = usableRequestId(c.req.header(REQUEST_ID_HEADER));
    const log = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    const answer = async () => {
      await next();
      c.header(REQUEST_ID_HEADER, requestId);
    };
    const method = c.req.method;
    if (traced) {
      const parent = propagation.extract(context.active(), c.req.raw.headers, {
        get: (headers, key) => headers.get(key) ?? undefined,
        keys: (headers) => [...headers.keys()],
      });
      await tracer.startActiveSpan(method, { kind: SpanKind.SERVER }, parent, async (span) => {
        try {
          await answer();
        } finally {
          span.updateName(`${method} ${routePath(c, -1)}`);
          span.setAttributes({
            'http.request.method': method,
            'http.route': routePath(c, -1),
            'http.response.status_code': c.res.status,
            'request.id': requestId,
          });
          if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
      });
    } else await answer();
    const route = routePath(c, -1);
    const status = c.res.status;
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method, route, status });
    metrics.httpDuration.observe({ method, route }, seconds);
    // Health checks come every few seconds from every prober: their lines would drown the rest.
    log[route === '/healthz' ? 'debug' : 'info'](
      { method, path: c.req.path, route, status, ms: Math.round(seconds * 1000) },
      'request answered',
    );
  };
}
