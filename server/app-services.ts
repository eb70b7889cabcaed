import { Client, Connection } from '@temporalio/client';
// The client part alone: the package's index brings the worker's and the plugin's code along.
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import type { Sequelize } from 'sequelize';
import type { AppConfig } from '../core/config/env.schema';
import { initModels, type Models } from '../core/db/models';
import { createSequelize } from '../core/db/sequelize';
import { processTracing, type Tracing } from '../core/telemetry/tracing';
import { createRunEndWatcher, type RunEndWatcher } from './runs/run-end-watcher';
import { createApiMetrics, type ApiMetrics } from './telemetry/api-metrics';

/** The long-lived dependencies of the API process, built once at start and passed down. */
export interface AppServices {
  config: AppConfig;
  sequelize: Sequelize;
  models: Models;
  temporal: {
    connection: Connection;
    client: Client;
    /**
     * For health checks only: no retry interceptor, so a check of an unreachable server fails at
     * once and leaves no retry timer behind to fire on a channel that has been closed since.
     */
    probe: Connection;
  };
  /** Wakes requests that wait for a run to end; connects on first use. */
  runEnds: RunEndWatcher;
  /** The API's Prometheus metrics; main.ts serves them on METRICS_PORT. */
  metrics: ApiMetrics;
  /** The process's traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: Tracing | null;
}

export function createAppServices(config: AppConfig): AppServices {
  const sequelize = createSequelize(config.DATABASE_URL);
  // Lazy: the API starts (and /healthz says so) even while Temporal is still coming up.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const models = initModels(sequelize);
  const tracing = processTracing(config, 'workflow-agent-api');
  return {
    config,
    sequelize,
    models,
    temporal: {
      connection,
      client: new Client({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        // Traced: a run's start is a child of the request's span, and hands its context to the workflow.
        interceptors: tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {},
      }),
      probe: Connection.lazy({ address: config.TEMPORAL_ADDRESS, interceptors: [] }),
    },
    runEnds: createRunEndWatcher(config.DATABASE_URL, models),
    metrics: createApiMetrics(),
    tracing,
  };
}

export async function closeAppServices(services: AppServices): Promise<void> {
  await services.runEnds.close();
  await Promise.allSettled([
    services.tracing?.flush(),
    services.sequelize.close(),
    services.temporal.connection.close(),
    services.temporal.probe.close(),
  ]);
}
