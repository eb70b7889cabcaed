import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { AppServices } from '../../server/app-services';
import { encryptionKeysOf } from '../../core/secrets/secret-box';
import { createActivities } from '../activities/create-activities';
import type { ActivityDeps } from '../activities/node-context';
import { parseOutboundAllowNetworks } from '../../core/connectors/outbound/safe-fetch';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** A unique task queue, so test files sharing the suite's Temporal server never share workers. */
export const testTaskQueue = () => `test-${randomUUID()}`;

/**
 * A real worker in this process on the suite's Temporal dev server, polling `services`' task
 * queue with the production activities. Outbound calls may reach loopback, where the tests'
 * servers listen, unless `overrides` says otherwise.
 */
export async function startTestWorker(services: AppServices, overrides: Partial<Omit<ActivityDeps, 'models'>> = {}) {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await Worker.create({
    connection,
    namespace: services.config.TEMPORAL_NAMESPACE,
    taskQueue: services.config.TEMPORAL_TASK_QUEUE,
    workflowsPath,
    activities: createActivities({
      models: services.models,
      encryptionKeys: encryptionKeysOf(services.config),
      outbound: parseOutboundAllowNetworks('loopback'),
      llm: services.config,
      ...overrides,
    }),
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
