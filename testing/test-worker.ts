import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { parseOutboundAllowNetworks } from '../core/connectors/outbound/safe-fetch';
import type { AppServices } from '../server/app-services';
import { createAppWorker, type ActivityOverrides } from '../workflows-temporal/app-worker';
import { installTestRuntime } from './test-runtime';

/** A unique task queue, so test files sharing the suite's Temporal server never share workers. */
export const testTaskQueue = () => `test-${randomUUID()}`;

/**
 * A real worker in this process on the suite's Temporal dev server, polling `services`' task
 * queue with the production activities. Outbound calls may reach loopback, where the tests'
 * servers listen, unless `overrides` says otherwise.
 */
export async function startTestWorker(services: AppServices, overrides: ActivityOverrides = {}) {
  installTestRuntime();
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await createAppWorker(connection, services.config, services.models, {
    outbound: parseOutboundAllowNetworks('loopback'),
    ...overrides,
  });
  const running = worker.run();
  return {
    worker,
    connection,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
