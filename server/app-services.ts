import { Client, Connection, type ConnectionLike } from '@temporalio/client';
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
    /**
     * What runs start through (start-execution.ts): `client`, or, while the API's own worker polls
     * (API_WORKER), a client on that worker's connection that asks for eager starts, so Temporal
     * hands each run's first workflow task straight to that worker. `startRunsOn` switches it.
     */
    runStarts: { client: Client; eager: boolean };
  };
  /** Wakes requests that wait for a run to end; connects on first use. */
  runEnds: RunEndWatcher;
  /** The API's Prometheus metrics; main.ts serves them on METRICS_PORT. */
  metrics: ApiMetrics;
  /** The process's traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: Tracing | null;
}

/** The API's Temporal client on `connection`. */
function temporalClient(connection: ConnectionLike, config: AppConfig, tracing: Tracing | null) {
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    // Traced: a run's start is a child of the request's span, and hands its context to the workflow.
    interceptors: tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {},
  });
}

export function createAppServices(config: AppConfig): AppServices {
  const sequelize = createSequelize(config.DATABASE_URL);
  // Lazy: the API starts (and /healthz says so) even while Temporal is still coming up.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  const models = initModels(sequelize);
  const tracing = processTracing(config, 'workflow-agent-api');
  const client = temporalClient(connection, config, tracing);
  return {
    config,
    sequelize,
    models,
    temporal: {
      connection,
      client,
      probe: Connection.lazy({ address: config.TEMPORAL_ADDRESS, interceptors: [] }),
      runStarts: { client, eager: false },
    },
    runEnds: createRunEndWatcher(config.DATABASE_URL, models),
    metrics: createApiMetrics(),
    tracing,
  };
}

/**
 * Runs start eagerly through `workerConnection`, the connection of a worker polling the app's task
 * queue in this process (the SDK refuses eager starts on any other); with null, through the task
 * queue again, as when that worker stops.
 */
export function startRunsOn(services: AppServices, workerConnection: ConnectionLike | null): void {
  const { temporal, config, tracing } = services;
  temporal.runStarts = workerConnection
    ? { client: temporalClient(workerConnection, config, tracing), eager: true }
    : { client: temporal.client, eager: false };
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
