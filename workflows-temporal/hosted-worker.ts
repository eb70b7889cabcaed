// The worker the API runs beside itself (API_WORKER), and the whole of what the API may load of the
// worker's code (decision 6's one exception). Temporal answers an eager start with the run's first
// workflow task, but only to a worker in the process that starts the run (decision 7).
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { AppConfig } from '../core/config/env.schema';
import { closeOutboundAgents } from '../core/connectors/outbound/safe-fetch';
import { initModels } from '../core/db/models';
import { createSequelize } from '../core/db/sequelize';
import { logger } from '../core/logging/logger';
import { ensureSearchAttributes } from '../core/run/ensure-search-attributes';
import { createAppWorker } from './app-worker';
import { installWorkerRuntime } from './telemetry/worker-runtime';

/** How long the worker waits between attempts to reach Temporal. */
const RECONNECT_EVERY_MS = 2000;
/** One warning for this many failed attempts: the first, then one a minute. */
const RETRIES_PER_LOG_LINE = 30;

export interface HostedWorker {
  /**
   * Stops polling, lets the workflow tasks under way end (activities are cancelled, as SIGTERM does
   * to a worker process), then closes its connection and pool; a second call waits for the first.
   */
  stop(): Promise<void>;
}

interface Options {
  /**
   * Told the worker's connection once the worker polls, and null when it stops (for good: on
   * `stop()`, or on an error it cannot recover from). Runs may start eagerly only in between.
   */
  onPolling(connection: NativeConnection | null): void;
}

/**
 * Starts the production worker (createAppWorker) in this process, on a pool of its own, with the
 * SDK's runtime installed here (its metrics on API_WORKER_METRICS_PORT; SIGINT/SIGTERM left to the
 * host, which stops it in order). It connects in the background and keeps trying while Temporal is
 * down, so the host starts without Temporal, as the API must.
 */
export function startHostedWorker(config: AppConfig, { onPolling }: Options): HostedWorker {
  const log = logger.child({ component: 'api-worker' });
  const port = config.API_WORKER_METRICS_PORT;
  try {
    installWorkerRuntime(port, { signals: false });
  } catch (error) {
    const metrics = port ? ` with its metrics on API_WORKER_METRICS_PORT=${port} (in use? choose another, or 0)` : '';
    throw new Error(`the API's worker could not set up the Temporal SDK${metrics}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const sequelize = createSequelize(config.DATABASE_URL);
  const stopping = new AbortController();
  let worker: Worker | null = null;

  async function connect(): Promise<NativeConnection | null> {
    for (let attempt = 1; !stopping.signal.aborted; attempt++) {
      try {
        // First the native connection, which fails at once while Temporal is down (the other one
        // would retry for seconds, and wait as long again once Temporal is back).
        const native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
        // As the worker program does: a run's start names these, so the namespace must have them.
        try {
          const admin = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
          await ensureSearchAttributes(admin, config.TEMPORAL_NAMESPACE).finally(() => admin.close());
        } catch (error) {
          await native.close();
          throw error;
        }
        return native;
      } catch (error) {
        // The first failure, then one a minute: /healthz already says when Temporal is down.
        if (attempt % RETRIES_PER_LOG_LINE === 1)
          log.warn(
            { err: error, attempt },
            `could not start the API's worker on Temporal at ${config.TEMPORAL_ADDRESS}; retrying every ${RECONNECT_EVERY_MS / 1000} s`,
          );
        await sleep(RECONNECT_EVERY_MS, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
    return null;
  }

  async function run() {
    const connection = await connect();
    if (!connection) return;
    try {
      if (stopping.signal.aborted) return;
      const created = await createAppWorker(connection, config, initModels(sequelize));
      const running = created.run();
      // Stopped while the worker was being made (bundling takes seconds): it ends at once.
      if (stopping.signal.aborted) created.shutdown();
      else {
        worker = created;
        log.info(
          { taskQueue: config.TEMPORAL_TASK_QUEUE, metricsPort: port || null },
          `the API's worker polls "${config.TEMPORAL_TASK_QUEUE}"; the runs it starts begin on it`,
        );
        onPolling(connection);
      }
      await running;
    } finally {
      // The queue takes the starts before the connection goes.
      onPolling(null);
      worker = null;
      await connection.close();
    }
  }

  const ran = run().then(
    () => {
      if (!stopping.signal.aborted)
        log.error("the API's worker stopped by itself; runs now start through the task queue");
    },
    (error: unknown) => {
      log.error({ err: error }, "the API's worker failed; runs now start through the task queue");
    },
  );

  let stopped: Promise<void> | null = null;
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        onPolling(null);
        if (worker?.getState() === 'RUNNING') worker.shutdown();
        await ran;
        await Promise.allSettled([sequelize.close(), closeOutboundAgents()]);
      })()),
  };
}
