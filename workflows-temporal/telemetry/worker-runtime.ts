import { makeTelemetryFilterString, Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { AppConfig } from '../../core/config/env.schema';
import { logger } from '../../core/logging/logger';
import { temporalLogger } from '../../core/logging/temporal-logger';

/**
 * The Temporal SDK runtime of a worker process: its logs through the app's pino logger (the Rust
 * core's warnings forwarded there too), and, when `WORKER_METRICS_PORT` is set, the SDK's
 * Prometheus exporter on that port, which also serves the app's run metrics (run-metrics.ts).
 */
export function workerRuntimeOptions(config: Pick<AppConfig, 'WORKER_METRICS_PORT'>): RuntimeOptions {
  const port = config.WORKER_METRICS_PORT;
  return {
    logger: temporalLogger(logger.child({ component: 'temporal-sdk' })),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(port ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${port}` } } } : {}),
    },
  };
}

/** Installs the worker's runtime; before any connection or worker, which would create a default one. */
export function installWorkerRuntime(config: Pick<AppConfig, 'WORKER_METRICS_PORT'>): Runtime {
  return Runtime.install(workerRuntimeOptions(config));
}
