import { Hono } from 'hono';
import type { AppServices } from '../app-services';
import { countPollingWorkers } from '../temporal/task-queue-pollers';

const CHECK_TIMEOUT_MS = 2000;

interface Check {
  up: boolean;
  latencyMs: number;
  error?: string;
}

/** Runs `probe` with the check's time limit; `describe` turns its result into extra fields. */
async function timed<T>(
  probe: () => Promise<T>,
  describe: (result: T) => Record<string, unknown> = () => ({}),
): Promise<Check> {
  const started = performance.now();
  try {
    const result = await Promise.race([
      probe(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
      ),
    ]);
    return { up: true, latencyMs: Math.round(performance.now() - started), ...describe(result) };
  } catch (error) {
    return {
      up: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * `GET /healthz`: 200 when PostgreSQL and Temporal answer and a worker polls the app's task queue;
 * 503 otherwise, saying which is down. All three checks run at once, each within 2 s.
 */
export function healthzRoute({ sequelize, temporal, config }: AppServices) {
  const withinCheckTime = <T>(call: () => Promise<T>) =>
    temporal.probe.withDeadline(Date.now() + CHECK_TIMEOUT_MS, call);
  return new Hono().get('/', async (c) => {
    const [database, temporalCheck, worker] = await Promise.all([
      timed(() => sequelize.query('SELECT 1')),
      timed(() => withinCheckTime(() => temporal.probe.workflowService.getSystemInfo({}))),
      timed(
        () =>
          withinCheckTime(() =>
            countPollingWorkers(temporal.probe, config.TEMPORAL_NAMESPACE, config.TEMPORAL_TASK_QUEUE),
          ),
        (workers) => ({ workers }),
      ),
    ]);
    const up = database.up && temporalCheck.up && worker.up;
    return c.json(
      {
        status: up ? 'ok' : 'degraded',
        database,
        temporal: { ...temporalCheck, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
        worker: { ...worker, taskQueue: config.TEMPORAL_TASK_QUEUE },
      },
      up ? 200 : 503,
    );
  });
}
