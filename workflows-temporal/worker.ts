// The Temporal worker process: polls the app's task queue and runs the interpreter workflow and
// the node activities, with the same models and configuration as the API.
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit } from '../core/config/load-config';
import { closeOutboundAgents } from '../core/connectors/outbound/safe-fetch';
import { initModels } from '../core/db/models';
import { createSequelize } from '../core/db/sequelize';
import { configureLogger, logger } from '../core/logging/logger';
import { ensureSearchAttributes } from '../core/run/ensure-search-attributes';
import { processTracing } from '../core/telemetry/tracing';
import { createAppWorker } from './app-worker';
import { installWorkerRuntime } from './telemetry/worker-runtime';

const RETRY_FOR_MS = 60_000;

/** Waits for Temporal to come up (compose starts it alongside), then connects. */
async function connectWithRetry(address: string): Promise<NativeConnection> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      log.warn({ address }, `Temporal at ${address} is not answering yet; retrying`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

const config = loadConfigOrExit();
configureLogger(config);
// After configureLogger: a child logger keeps the level its parent had when it was made.
const log = logger.child({ component: 'worker' });
// Before the first connection, which would otherwise create the SDK's default runtime.
installWorkerRuntime(config.WORKER_METRICS_PORT);
if (config.WORKER_METRICS_PORT)
  log.info({ port: config.WORKER_METRICS_PORT }, `metrics at http://localhost:${config.WORKER_METRICS_PORT}/metrics`);
const sequelize = createSequelize(config.DATABASE_URL);
const connection = await connectWithRetry(config.TEMPORAL_ADDRESS);
const admin = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
await ensureSearchAttributes(admin, config.TEMPORAL_NAMESPACE);
await admin.close();

const worker = await createAppWorker(connection, config, initModels(sequelize));
log.info(
  { taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE },
  `polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`,
);
// The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown; run() resolves when it is done.
await worker.run();
// The spans still buffered go out before the process ends (processTracing returns the worker's own).
await Promise.allSettled([
  connection.close(),
  sequelize.close(),
  closeOutboundAgents(),
  processTracing(config, 'workflow-agent-worker')?.flush(),
]);
log.info('stopped');
