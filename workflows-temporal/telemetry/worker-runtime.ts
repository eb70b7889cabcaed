import { makeTelemetryFilterString, Runtime, type RuntimeOptions } from '@temporalio/worker';
import { logger } from '../../core/logging/logger';
import { temporalLogger } from '../../core/logging/temporal-logger';

/**
 * The Temporal SDK runtime of a process that runs a worker: its logs through the app's pino logger
 * (the Rust core's warnings forwarded there too), and, with a `metricsPort` (WORKER_METRICS_PORT,
 * or API_WORKER_METRICS_PORT in the API), the SDK's Prometheus exporter on that port, which also
 * serves the app's run metrics (run-metrics.ts); 0 serves none.
 */
function workerRuntimeOptions(metricsPort: number): RuntimeOptions {
  return {
    logger: temporalLogger(logger.child({ component: 'temporal-sdk' })),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(metricsPort ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${metricsPort}` } } } : {}),
    },
  };
}

/**
 * Installs the runtime; before any connection or worker, which would create a default one. With
 * `signals: false`, SIGINT/SIGTERM are left to the process (the API stops its worker itself, in
 * order), instead of the SDK shutting its workers down on them.
 */
export function installWorkerRuntime(metricsPort: number, { signals = true } = {}): Runtime {
  return Runtime.install({ ...workerRuntimeOptions(metricsPort), ...(signals ? {} : { shutdownSignals: [] }) });
}
