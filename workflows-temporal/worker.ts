// The Temporal worker process: polls the app's task queue and runs the interpreter workflow and
// the node activities, with the same models and configuration as the API.
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfigOrExit } from '../core/config/load-config';
import { initModels } from '../core/db/models';
import { createSequelize } from '../core/db/sequelize';
import { encryptionKeysOf } from '../core/secrets/secret-box';
import { ensureSearchAttributes } from '../core/run/ensure-search-attributes';
import { createActivities } from './activities/create-activities';
import { closeOutboundAgents, parseOutboundAllowNetworks } from '../core/connectors/outbound/safe-fetch';

const RETRY_FOR_MS = 60_000;

/** Waits for Temporal to come up (compose starts it alongside), then connects. */
async function connectWithRetry(address: string): Promise<NativeConnection> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      console.log(`[worker] Temporal at ${address} is not answering yet; retrying`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

const config = loadConfigOrExit();
const sequelize = createSequelize(config.DATABASE_URL);
const connection = await connectWithRetry(config.TEMPORAL_ADDRESS);
const admin = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
await ensureSearchAttributes(admin, config.TEMPORAL_NAMESPACE);
await admin.close();

const worker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
  activities: createActivities({
    models: initModels(sequelize),
    encryptionKeys: encryptionKeysOf(config),
    outbound: parseOutboundAllowNetworks(config.OUTBOUND_ALLOW_NETWORKS),
    llm: config,
  }),
});
console.log(`[worker] polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`);
// The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown; run() resolves when it is done.
await worker.run();
await Promise.allSettled([connection.close(), sequelize.close(), closeOutboundAgents()]);
console.log('[worker] stopped');
