import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { collectLogs } from '../../testing/collect-logs';
import { createApiMetrics } from '../telemetry/api-metrics';
import { requestTelemetry, type AppEnv } from './request-telemetry';

function appWithTelemetry() {
  const metrics = createApiMetrics();
  const app = new Hono<AppEnv>();
  app.use('*', requestTelemetry(metrics, { traced: false }));
  app.get('/items/:id', (c) => {
    c.var.log.info({ headers: { authorization: c.req.header('authorization') } }, 'handling an item');
    return c.json({ id: c.req.param('id') });
  });
  return { app, metrics };
}

describe('requestTelemetry', () => {
  it("echoes the caller's x-request-id and puts it on every log line of the request", async () => {
    const { app } = appWithTelemetry();
    const { result: response, logs } = await collectLogs(async () =>
      app.request('/items/7', { headers: { 'x-request-id': 'lb-1234.abc' } }),
    );
    expect(response.headers.get('x-request-id')).toBe('lb-1234.abc');
    const lines = logs
      .trim()
      .split('\n')
      .filter((line) => line.includes('requestId'));
    expect(lines.join('\n')).toMatch(/handling an item/);
    expect(lines.join('\n')).toMatch(/request answered/);
    expect(lines.every((line) => line.includes('lb-1234.abc'))).toBe(true);
  });

  it('makes an id when there is none, or when the given one is not a plain token', async () => {
    const { app } = appWithTelemetry();
    const fresh = await app.request('/items/1');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await app.request('/items/1', { headers: { 'x-request-id': 'a b\u00e9<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs an authorization header', async () => {
    const { app } = appWithTelemetry();
    const { logs } = await collectLogs(async () =>
      app.request('/items/7', { headers: { authorization: 'Bearer wfa_very_secret_token' } }),
    );
    expect(logs).toContain('handling an item');
    expect(logs).not.toContain('wfa_very_secret_token');
    expect(logs).toContain('[redacted]');
  });

  it('counts requests by method, route pattern and status, and times them', async () => {
    const { app, metrics } = appWithTelemetry();
    await app.request('/items/1');
    await app.request('/items/2');
    await app.request('/nowhere');
    const text = await metrics.registry.metrics();
    expect(text).toContain('workflow_agent_http_requests_total{method="GET",route="/items/:id",status="200"} 2');
    expect(text).toMatch(/workflow_agent_http_requests_total\{method="GET",route="[^"]*",status="404"\} 1/);
    expect(text).toContain('workflow_agent_http_request_duration_seconds_count{method="GET",route="/items/:id"} 2');
  });
});
