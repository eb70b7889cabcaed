import { Hono } from 'hono';
import type { AppServices } from '../app-services';

const CHECK_TIMEOUT_MS = 2000;

interface Check {
  up: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
      ),
    ]);
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      up: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** `GET /healthz`: 200 when PostgreSQL and Temporal both answer, 503 (saying which is down) otherwise. */
export function healthzRoute({ sequelize, temporal, config }: AppServices) {
  return new Hono().get('/', async (c) => {
    const [database, temporalCheck] = await Promise.all([
      timed(() => sequelize.query('SELECT 1')),
      timed(() =>
        temporal.probe.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          temporal.probe.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const up = database.up && temporalCheck.up;
    return c.json(
      {
        status: up ? 'ok' : 'degraded',
        database,
        temporal: { ...temporalCheck, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
      },
      up ? 200 : 503,
    );
  });
}
