import { IllegalStateError } from '@temporalio/common';
import { installWorkerRuntime } from '../workflows-temporal/telemetry/worker-runtime';

/**
 * The worker's Temporal runtime in a test process, as worker.ts installs it (its logs through the
 * app's logger, which the tests keep per test: log-capture.ts), without metrics: the files running
 * in parallel would all want the same port. Call it before the process's first Temporal connection.
 */
export function installTestRuntime(): void {
  try {
    installWorkerRuntime(0);
  } catch (error) {
    // Installed by an earlier call in this process.
    if (!(error instanceof IllegalStateError)) throw error;
  }
}
